// The rule for new passwords, shared with the dashboard (this module must stay free of Node-only imports).
export const MIN_PASSWORD_LENGTH = 12;
