// A ring-taking bot for `lpm fleet` that answers each consumer message exactly once, also the
// messages sent while it moved between nodes: it goes ONLINE, accepts rings (the seed's "Rings"
// sample), and for every conversation assigned to its agent user answers each consumer message
// that has no "re: <text>" yet — after a restart it reloads the history first. Its identity comes
// from lpm.fromEnvironment() (docs/fleet.md).
//   lpm fleet support --etcd http://127.0.0.1:2379 --bots bots.toml -- node fleet-ring-bot.js
(async () => {
const lpm = require("lp-messaging-sdk");

const connection = lpm.createConnection({ ...lpm.fromEnvironment(), appId: 'fleet_ring_bot' });
connection.on('error', err => console.error(err));
await connection.open();

// agent state must be "ONLINE" in order to receive rings
await connection.setAgentState({ agentState: lpm.AgentState.ONLINE });
await connection.createRoutingTaskSubscription();

connection.on('ring', async ring => {
    if (ring.ringState !== lpm.RingState.WAITING) return;
    // every ONLINE bot is rung; the first accept wins, the others are refused
    try { await ring.accept(); } catch { /* another bot took it */ }
});

const me = connection.agentId;
const sent = new Set();     // answers this process sent (they may not be in the model yet)
const loaded = new Set();   // conversations whose history this process loaded
const queue = new Map();    // one answering pass at a time per conversation

function answer(conversation) {
    const id = conversation.conversationId;
    const next = (queue.get(id) || Promise.resolve()).then(async () => {
        if (conversation.stage !== 'OPEN' || conversation.assignedAgent?.agentId !== me) return;
        const dialog = conversation.openDialog;
        if (!dialog) return;
        if (!loaded.has(id)) {
            loaded.add(id);
            await dialog.queryMessages({ maxQuantity: 100 });
        }
        const messages = dialog.messages;
        const answered = new Set(messages
            .filter(m => m.participant?.role !== lpm.ParticipantRole.CONSUMER)
            .map(m => m.body));
        for (const m of messages) {
            if (m.participant?.role !== lpm.ParticipantRole.CONSUMER || typeof m.body !== 'string') continue;
            const reply = `re: ${m.body}`;
            if (answered.has(reply) || sent.has(`${id} ${reply}`)) continue;
            sent.add(`${id} ${reply}`);
            await conversation.sendMessage(reply);
        }
    }).catch(err => console.error(err));
    queue.set(id, next);
}

connection.on('conversation', answer);
connection.on('message', message => answer(message.conversation));
// an assignment can reach the model after the event that announced it
setInterval(() => { for (const c of connection.conversations.values()) answer(c); }, 500);

console.log(`ring bot ${process.env.LPM_FLEET_BOT} ready as ${me}`);
})().catch(err => { console.error(err); process.exitCode = 1; });
