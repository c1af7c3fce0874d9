// Deliberately insecure: a personal access token committed with the code (a made-up one).
const octokitAuth = { token: 'ghp_R7xKq2Lm9TzW4vNc8YbH3pJd6sFa1GeQ0uXo' };

module.exports = { octokitAuth };
