// The seed's Quick Start agent bot, run by `lpm fleet`: its identity (account, user, password or
// API key) comes from the environment the fleet node sets, read with lpm.fromEnvironment().
//   lpm fleet support --etcd http://127.0.0.1:2379 --bots bots.toml -- node fleet-bot.js
// (docs/fleet.md). It runs until its node stops it.
(async () => {
const lpm = require("lp-messaging-sdk");

// create the connection object from the fleet's environment
const connection = lpm.createConnection({
    ...lpm.fromEnvironment(),
    appId: 'fleet_bot', // TODO: please change to something unique to your application
});

// log any internal errors (auth errors, etc)
connection.on('error', err => {
    console.error(err);
});

// this event will fire whenever the bot is informed of a new conversation
connection.on('conversation', async conversation => {

    // join the conversation as "AGENT" role
    await conversation.join(lpm.ParticipantRole.AGENT);

    // listen for messages from the consumer
    conversation.on('message', message => {

        // ignore all messages not from the consumer
        if (message.participant.role !== lpm.ParticipantRole.CONSUMER) return;

        // send a simple response
        conversation.sendMessage('hello');
    });
});

// make the connection
await connection.open();
console.log(`bot ${process.env.LPM_FLEET_BOT} ready on ${process.env.LPM_FLEET_NODE}`);
})().catch(err => { console.error(err); process.exitCode = 1; });
