import { Base64Error, decodeGoBase64, goBase64DecodedCapacity } from './base64';

describe('decodeGoBase64', () => {
  it.each([
    ['', ''],
    ['YWJj', 'abc'],
    ['YWI=', 'ab'],
    ['YQ==', 'a'],
    ['YW\nJj\r\n', 'abc'],
    ['YQ=\n=', 'a'],
  ])('decodes %j', (input, expected) => {
    expect(decodeGoBase64(input).toString('latin1')).toBe(expected);
  });

  // Offsets as reported by Go's base64.StdEncoding.DecodeString (via Sprig's decryptAES).
  it.each([
    ['!!!', 0],
    ['YWJ', 0],
    ['YW==YWJj', 4],
    ['YQ=', 3],
    ['Y===', 1],
    ['YW\nJj=', 5],
  ])('rejects %j at byte %d', (input, offset) => {
    expect(() => decodeGoBase64(input)).toThrow(new Base64Error(offset));
    expect(() => decodeGoBase64(input)).toThrow(`illegal base64 data at input byte ${offset}`);
  });

  it("reports Go's DecodedLen capacity", () => {
    expect(goBase64DecodedCapacity('YWJj')).toBe(3);
    expect(goBase64DecodedCapacity('YWJjZA==')).toBe(6);
  });
});
