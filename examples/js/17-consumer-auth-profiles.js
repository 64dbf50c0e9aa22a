// Seed: Consumer Auth Flow, How to create a jwtClaimsSet, Getting a User Profile,
// Set User Profile.
const { lpm, accountId, helperAuth, waitFor } = require('./_context');
const { UserType } = lpm;

(async () => {
// values the SDE sample refers to
const ageObject = { age: 34, year: 1990, month: 5, day: 14 };
const arrayOfContacts = [{ email: 'test-example@lp.mokdd', phone: '5550005555' }];
// --- sample (unchanged) ---
const customerInfoSde = lpm.createCustomerInfoSde({
    cstatus: '',
    ctype: '',
    balance: '',
    customerId: '12345',
    lastPaymentDate: '',
    registrationDate: '',
    loginStatus: '',
    companyBranch: '',
    socialId: '',
    imei: 'phonenumber',
    userName: 'admin',
    companySize: '',
    accountName: 'company',
    role: 'Administrator'
});

const personalInfoSde = lpm.createPersonalInfoSde({
    firstname: '',
    lastname: '',
    gender: '',
    language: '',
    company: '',
    age: ageObject,
    contacts: arrayOfContacts
});

const jwtClaimsSet = lpm.createJwtClaimsSet({
    sub: '0000000001',
    phoneNumber: "5550005555",
    preferredUsername: "ADMIN1",
    email: "test-example@lp.mokdd",
    sdes: [
        customerInfoSde,
        personalInfoSde
    ]
});
// --- sample (unchanged) ---
const connection = lpm.createConnection({
    appId: 'quick_start',
    appVersion: '1.6.2',
    accountId: '123456',
    userType: UserType.CONSUMER,
    authConnectorId: '1234567890',
    jwtClaimsSet
});
// --- end of samples ---
await connection.open();
console.log(`authenticated consumer ${connection.userId}`);
// --- sample (unchanged) ---
const data = {
    "firstName": "1",
    "lastName": "2",
    "nickName": "3",
    "userId": "",
    "avatarUrl": "",
    "role": "",
    "backgndImgUri": "",
    "description": "",
    "privateData": {
        "mobileNum": "",
        "mail": "",
        "pushNotificationData": {
            "serviceName": "",
            "certName": "",
            "token": ""
        }
    },
    "claims": {
        "lp_sdes": [
            customerInfoSde,
            personalInfoSde
        ]
    }
};

await connection.setUserProfile(data);
// --- end of sample ---
await connection.close();

// profiles as the brand sees them
const agent = lpm.createConnection({ appId: 'quick_start', accountId, userType: UserType.BRAND, authData: helperAuth('profile-agent') });
await agent.open();
const consumer = lpm.createConnection({ appId: 'quick_start', accountId, userType: UserType.CONSUMER });
await consumer.open();
await consumer.setUserProfile({ firstName: 'Ada', lastName: 'Lovelace', nickName: 'ada' });
const consumerSide = await consumer.createConversation();
await consumerSide.sendMessage('hello');
const conversation = agent._conversations.get(consumerSide.conversationId) ||
  await waitFor(agent, 'conversation', (c) => c.conversationId === consumerSide.conversationId);
await conversation.join(lpm.ParticipantRole.ASSIGNED_AGENT);
// --- sample (unchanged) ---
const consumerProfile = await conversation.consumer.getUserProfile();
const agentProfile = await conversation.assignedAgent.getUserProfile();
// --- end of sample ---
console.log(`consumer profile: ${consumerProfile.firstName} ${consumerProfile.lastName}; agent profile: ${agentProfile.nickname || agentProfile.nickName || agentProfile.userId || JSON.stringify(agentProfile)}`);
await consumer.close();
await agent.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
