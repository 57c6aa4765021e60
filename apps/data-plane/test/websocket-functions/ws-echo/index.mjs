// A message route: answers the route it served and the event it received (sent back on two-way routes only).
export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ route: event.requestContext.routeKey, event }) });
