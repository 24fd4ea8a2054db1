import { classifyDialError } from './dial';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`connect ${code} 127.0.0.2:22 - Local (undefined:undefined)`), { code });

describe('classifyDialError', () => {
  test.each(['EMFILE', 'ENFILE'])('%s names the controller file-descriptor limit, not the host', (code) => {
    const error = classifyDialError(errno(code), 'h1', '127.0.0.2', 22);
    expect(error.kind).toBe('other');
    expect(error.hostName).toBe('h1');
    expect(error.message).toContain(`the controller ran out of file descriptors (${code})`);
    expect(error.message).toContain('one descriptor per SSH host');
    expect(error.message).not.toContain('undefined');
  });

  test('a refused connection still says so', () => {
    expect(classifyDialError(errno('ECONNREFUSED'), 'h1', '127.0.0.2', 22).kind).toBe('refused');
  });
});
