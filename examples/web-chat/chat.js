// A consumer chat page on lp-messaging-sdk: write, see the agent's replies and typing state,
// upload a file and download the files the agent sends.
// Query parameters: ?account=<accountId>&csds=<CSDS URL of the platform> (e.g. lpm platform).
// A bare import: a bundler (`npx vite build`) resolves it from node_modules; served as is
// (server.mjs), the page's import map points it at the package's browser build.
import lpm from 'lp-messaging-sdk';

const params = new URLSearchParams(location.search);
const accountId = params.get('account') || '12345678';
const csdsUrl = params.get('csds') || undefined;

const $ = (sel) => document.querySelector(sel);
const log = $('#log');

function writeLine(text, cls = 'system', extra) {
  const div = document.createElement('div');
  div.className = `line ${cls}`;
  div.textContent = text;
  if (extra) div.append(' ', extra);
  log.append(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

// the download function of the documentation, with a real anchor so the browser saves the file
async function download(message) {
  const { data } = await message.downloadFile();
  const blob = new Blob([data]);
  const path = message.relativePath.split('/');
  const filename = path[path.length - 1];
  const link = document.createElement('a');
  link.href = window.URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => window.URL.revokeObjectURL(link.href), 1000);
  return filename;
}

const connection = lpm.createConnection({ appId: 'web_chat', accountId, userType: lpm.UserType.CONSUMER, csdsUrl });
connection.on('error', (err) => writeLine(`error: ${err.message}`));

let conversation;

function show(message) {
  const mine = message.sentByCurrentUser();
  if (message.isDownloadable) {
    const button = document.createElement('button');
    button.className = 'download';
    button.textContent = 'download';
    button.addEventListener('click', async () => {
      const name = await download(message);
      writeLine(`downloaded ${name}`);
    });
    const line = writeLine(`${mine ? 'you' : 'agent'} sent a file${message.caption ? `: ${message.caption}` : ''}`, mine ? 'me' : 'agent', button);
    // images carry a small JPEG preview (a data URL), drawn when the file was uploaded
    if (message.preview) {
      const img = document.createElement('img');
      img.className = 'preview';
      img.alt = 'preview';
      img.src = message.preview;
      line.append(' ', img);
    }
  } else if (typeof message.body === 'string') {
    writeLine(message.body, mine ? 'me' : 'agent');
  }
  if (!mine) message.read().catch(() => {});
}

async function start() {
  await connection.open();
  conversation = await connection.createConversation();
  conversation.on('message', show);
  conversation.on('participant-added', ({ participant }) => {
    if (participant.role === lpm.ParticipantRole.ASSIGNED_AGENT) {
      writeLine('an agent joined');
      participant.on('chatStateChange', (state) => {
        $('#typing').textContent = state === lpm.ParticipantChatState.COMPOSING ? 'agent is typing…' : '';
      });
    }
  });
  conversation.on('close', () => writeLine('conversation closed'));
  $('#status').textContent = 'connected';
  for (const el of ['#text', '#send', '#upload']) $(el).disabled = false;
  document.body.dataset.ready = 'true';
}

$('#send-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('#text').value.trim();
  if (!text) return;
  $('#text').value = '';
  await conversation.sendMessage(text);
});

// the upload snippet of the documentation
const selectedFile = document.querySelector('#selected-file');
async function upload(buffer) {
  await conversation.uploadFile(buffer);
}
document.querySelector('#upload').addEventListener('click', () => {
  const file = selectedFile.files[0];
  if (!file) return;
  const fr = new FileReader();
  fr.onload = function () {
    upload(fr.result).then(
      () => writeLine('file uploaded'),
      (err) => writeLine(`upload failed: ${err.message}`),
    );
  };
  fr.readAsArrayBuffer(file);
});

start().catch((err) => {
  $('#status').textContent = `could not connect: ${err.message}`;
});
