import { escapeControlCharacters, formatDiagnostic } from './format-diagnostic';

describe('formatDiagnostic', () => {
  it('points a caret under the column, keeping tabs', () => {
    const text = 'a: 1\n\tb: [x\n';
    const out = formatDiagnostic({ pos: { file: 'f.yaml', line: 2, col: 5 }, message: 'bad', severity: 'error' }, text);
    expect(out).toBe('f.yaml:2:5: bad\n\tb: [x\n\t   ^');
  });

  it('never sends control characters from the file to the terminal', () => {
    const text = '- deb\u001b[31mug: x\u0007\n';
    const out = formatDiagnostic({ pos: { file: 'f.yaml', line: 1, col: 12 }, message: 'unknown "deb\u001b[31mug"', severity: 'error' }, text);
    expect(out).toBe('f.yaml:1:12: unknown "deb\\x1b[31mug"\n- deb\\x1b[31mug: x\\x07\n              ^');
     
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('masks the value of a secret key, or of a misspelt one taken for it, in the source line', () => {
    const at = (line: string, message: string): string =>
      formatDiagnostic({ pos: { file: 'i.yaml', line: 1, col: 5 }, message, severity: 'error' }, line).split('\n')[1];
    expect(at('    pasword: "typo-secret"', 'unknown key "pasword" (did you mean "password"?)')).toBe('    pasword: ********');
    expect(at('    sudo_password: [oops, s3cret]', 'must be a string')).toBe('    sudo_password: ********');
    expect(at('  - "db_token": abc', 'bad')).toBe('  - "db_token": ********');
    expect(at('    prot: 22', 'unknown key "prot" (did you mean "port"?)')).toBe('    prot: 22');
  });

  it('leaves printable text, tabs and non-ASCII letters alone', () => {
    expect(escapeControlCharacters('größe\tπ ✓')).toBe('größe\tπ ✓');
    expect(escapeControlCharacters('\u009b2J')).toBe('\\x9b2J');
  });
});
