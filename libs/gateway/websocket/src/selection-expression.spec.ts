import { compileResponseKey, compileSelectionExpression, NOT_JSON, parseMessageBody } from './selection-expression.js';

// AWS's own evaluation table (spec §2, developer guide "selection expressions").
describe('selection expressions', () => {
  const body = { service: 'chat', action: 'join', data: { room: 'room1234' }, list: ['item1', 'item2'] };
  it.each([
    ['$request.body.action', 'join'],
    ['${request.body.action}', 'join'],
    ['${request.body.service}/${request.body.action}', 'chat/join'],
    ['${request.body.action}-${request.body.invalidPath}', 'join-'],
    ['action', 'action'],
    ['$default', '$default'],
    ['\\$default', '$default'],
    ['$request.body.data.room', 'room1234'],
    ['${request.body.version}-beta', '-beta'],
    ['$request.body.list', '[item1, item2]'],
    ['$request.body.data', '{"room":"room1234"}'],
  ])('%s → %s', (expression, expected) => {
    expect(compileSelectionExpression(expression)({ body })).toBe(expected);
  });

  it('reads nothing from a message that is not JSON', () => {
    expect(parseMessageBody('hello')).toBe(NOT_JSON);
    expect(compileSelectionExpression('$request.body.action')({ body: parseMessageBody('hello') })).toBe('');
  });

  it('selects by integration status code in both spellings', () => {
    expect(compileSelectionExpression('$integration.response.statuscode')({ statusCode: 404 })).toBe('404');
    expect(compileSelectionExpression('${response.statuscode}')({ statusCode: 201 })).toBe('201');
  });

  it('matches integration response keys as whole-text regexes, $default always', () => {
    const twoxx = compileResponseKey('/2\\d\\d/');
    expect(twoxx?.('200')).toBe(true);
    expect(twoxx?.('1200')).toBe(false);
    expect(compileResponseKey('$default')?.('anything')).toBe(true);
    expect(compileResponseKey('plain')).toBeUndefined();
  });
});
