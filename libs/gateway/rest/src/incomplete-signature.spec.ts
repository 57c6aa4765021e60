import { incompleteSignatureMessage } from './incomplete-signature.js';

describe('incompleteSignatureMessage', () => {
  it.each([
    [{}, undefined],
    [{ authorization: 'Bearer abc.def' }, "'abc.def' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc.def'."],
    // Base64 padding reads as an equal sign: the header then lacks every SigV4 parameter.
    [
      { authorization: 'Basic dXNlcjpwdw==' },
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Basic dXNlcjpwdw==",
    ],
    [
      { authorization: 'AWS4-HMAC-SHA256' },
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    ],
    [
      { authorization: 'AWS4-HMAC-SHA256 Credential=a/b', 'x-amz-date': '20240101T000000Z' },
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=a/b",
    ],
    [{ authorization: 'AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=00', date: 'x' }, undefined],
  ])('%j', (headers, message) => {
    expect(incompleteSignatureMessage(headers)).toBe(message);
  });
});
