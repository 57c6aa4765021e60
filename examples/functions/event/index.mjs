// Returns its event unchanged: behind an AWS (non-proxy) integration it shows what the request template made.
export const handler = async (event) => event;
