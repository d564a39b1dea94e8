// Placeholder replaced in the next commit by the admin command line (user, db commands).
export {};
