// $connect and $disconnect: reports its event to the test's recorder (stage variable `recorder`), then answers the
// status the connect URL asks for (`?status=403`), throws on `?throw=1`, and picks the first offered subprotocol.
export const handler = async (event) => {
  await fetch(event.stageVariables.recorder, { method: 'POST', body: JSON.stringify(event) });
  const query = event.queryStringParameters ?? {};
  if (query.throw) throw new Error('connect failed');
  const offered = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'sec-websocket-protocol')?.[1];
  return {
    statusCode: query.status ? Number(query.status) : 200,
    ...(offered ? { headers: { 'Sec-WebSocket-Protocol': offered.split(',')[0].trim() } } : {}),
  };
};
