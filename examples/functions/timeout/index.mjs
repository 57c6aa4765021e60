// Sleeps longer than its own 1-second timeout (function.json), unless told how long to sleep.
export const handler = async (event) => {
  const ms = Number(event?.queryStringParameters?.ms ?? event?.ms ?? 10_000);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { statusCode: 200, body: `slept ${ms} ms` };
};
