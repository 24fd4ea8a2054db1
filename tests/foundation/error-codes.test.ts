import { ConnectionError, type ConnectionErrorKind } from '../../engine/connectors/types';
import { TemplateError } from '../../engine/template/errors';
import { renderTemplate } from '../../engine/template/template';
import { describeError, ERROR_CODES, isErrorCode, KplayError, withCode } from '../../engine/core/errors';
import { formatDiagnostic } from '../../engine/core/format-diagnostic';

describe('error codes', () => {
  test('codes follow KP-AREA-NNN and are unique', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^KP-(LOAD|TMPL|CONN|MOD|RUN|CLI)-\d{3}$/);
    expect(isErrorCode('KP-LOAD-001')).toBe(true);
    expect(isErrorCode('KP-LOAD-999')).toBe(false);
  });

  test('every connection failure kind has its own code', () => {
    const kinds: ConnectionErrorKind[] = ['refused', 'timeout', 'dns', 'auth', 'host-key-changed', 'host-key-unknown', 'dropped', 'become', 'other'];
    const codes = kinds.map((k) => new ConnectionError(k, 'x', 'node1').code);
    expect(new Set(codes).size).toBe(kinds.length);
    expect(codes.every((c) => c.startsWith('KP-CONN-'))).toBe(true);
    const refused = new ConnectionError('refused', 'connection refused by 127.0.0.1:1', 'node1');
    expect(refused).toBeInstanceOf(KplayError);
    expect(refused.message).toBe('connection refused by 127.0.0.1:1');
    expect(describeError(refused)).toBe('connection refused by 127.0.0.1:1 (KP-CONN-001)');
  });

  test('template errors carry the parse or exec code and keep their message', () => {
    const parse = catchError(() => renderTemplate('{{ .a', {}, { name: 't' }));
    const exec = catchError(() => renderTemplate('{{ .a.b }}', { a: 1 }, { name: 't' }));
    expect(parse).toBeInstanceOf(TemplateError);
    expect((parse as TemplateError).code).toBe('KP-TMPL-001');
    expect((exec as TemplateError).code).toBe('KP-TMPL-002');
    expect(describeError(exec)).toBe(`${(exec as Error).message} (KP-TMPL-002)`);
  });

  test('foreign errors get the fallback code of the place that caught them, or none', () => {
    expect(describeError(new Error('disk full'), 'KP-MOD-001')).toBe('disk full (KP-MOD-001)');
    expect(describeError(new Error('disk full'))).toBe('disk full');
    expect(describeError('text')).toBe('text');
    expect(withCode('x', undefined)).toBe('x');
  });

  test('a diagnostic shows its code after the message; warnings have none', () => {
    const pos = { file: 'f.yaml', line: 2, col: 3 };
    expect(formatDiagnostic({ pos, message: 'bad', severity: 'error', code: 'KP-LOAD-002' })).toBe('f.yaml:2:3: bad (KP-LOAD-002)');
    expect(formatDiagnostic({ pos, message: 'odd', severity: 'warning' })).toBe('f.yaml:2:3: warning: odd');
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
