//! The object model: conversations, dialogs, messages, participants, rings and skills, updated
//! from notifications, and the user events each update means.
