// Seed: File Sharing — Upload a file from Node.js, Download a file from Node.js.
const fs = require('fs');
const path = require('path');
const { lpm, brandConversation, waitFor } = require('./_context');

(async () => {
const { conversation, consumerSide, close } = await brandConversation({ name: 'files-agent', role: lpm.ParticipantRole.ASSIGNED_AGENT });
const downloads = path.resolve(__dirname, 'asset');
const arrived = waitFor(conversation, 'message', (m) => m.isDownloadable);
{
// --- sample (unchanged; the consumer uploads) ---
const conversation = consumerSide;
// read the file into a buffer
const file = fs.readFileSync(path.resolve(__dirname, 'asset/logo.png'));

// upload the buffer
await conversation.uploadFile(file.buffer);
// --- end of sample ---
}
const fileMessage = await arrived;
const written = new Promise((resolve, reject) => {
// --- sample (as written, except `data` → `buffer`: the documentation writes an undefined variable) ---
// set up a hook to download files in the conversation
conversation.on('message', async (msg) => {
    
    // ignore regular messages without files
    if (!msg.isDownloadable) {
        return;
    }
    
    // download the file
    const downloadedFile = await msg.downloadFile();
    
    // write the file out to disk
    const buffer = downloadedFile.data;
    const filename = downloadedFile.filename;
    fs.writeFileSync(path.resolve(__dirname, `asset/${filename}`), buffer);
    resolve(filename);
});
// --- end of sample ---
setTimeout(() => reject(new Error('no download')), 15000).unref();
});
// a second file so the hook (registered after the first arrived) fires
await consumerSide.uploadFile(fs.readFileSync(path.resolve(__dirname, 'asset/logo.png')), 'the logo again');
const filename = await written;
const original = fs.readFileSync(path.resolve(__dirname, 'asset/logo.png'));
const copy = fs.readFileSync(path.join(downloads, filename));
fs.unlinkSync(path.join(downloads, filename));
console.log(`uploaded ${fileMessage.relativePath}; downloaded ${filename}: ${copy.equals(original) ? 'identical' : 'DIFFERENT'}`);
await close();
})().catch(err => { console.error(err); process.exitCode = 1; });
