import { GoInt } from '../core/values';
import { renderText } from '../template/conversions';
import { expectNoCanary, findCanary } from '../../tests/helpers/canary';
import { REDACTED, Redactor } from './redactor';

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAKEYCANARYline1xxxxxxxxxxxxxxxxxxxxxxxxxx',
  'QyNTUxOQAAACBDq0ZfNwKEYCANARYline2yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',
  'AAAEBKEYCANARYline3',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');
const PASSWORD = `pw'"$<&>\\ PWCANARY9 x`;

function redactorWith(vars: Record<string, unknown>): Redactor {
  const r = new Redactor();
  r.learnFrom(vars as never);
  return r;
}

describe('Redactor: every spelling a template can give a secret', () => {
  const vars = { connector: { private_key_content: KEY, password: PASSWORD }, plain: 'visible' };
  const r = redactorWith(vars);
  const templates = [
    '{{ .connector | toJson }}',
    '{{ .connector | toPrettyJson }}',
    '{{ .connector | toYaml }}',
    '{{ .connector.private_key_content | toJson }}',
    '{{ .connector.private_key_content | toYaml | indent 6 }}',
    '{{ .connector.private_key_content | quote }}',
    '{{ printf "%q" .connector.private_key_content }}',
    '{{ printf "%#v" .connector }}',
    '{{ .connector.private_key_content | squote }}',
    '{{ .connector.private_key_content | shellQuote }}',
    '{{ .connector.private_key_content | nindent 2 }}',
    '{{ .connector.private_key_content | b64enc }}',
    '{{ printf "a%s" .connector.private_key_content | b64enc }}',
    '{{ printf "ab%s" .connector.private_key_content | b64enc }}',
    '{{ printf "abc%s" .connector.password | b64enc }}',
    '{{ printf "x%sy" .connector.password | b64enc }}',
    '{{ .connector.password | quote }}',
    '{{ .connector.password | shellQuote }}',
    '{{ .connector.password | toJson }}',
    '{{ .connector.password | toYaml }}',
    '{{ dict "p" .connector.password | toYaml }}',
    '{{ .connector.password | urlquery }}',
    '{{ .connector.password | html }}',
    '{{ .connector.password | js }}',
    '{{ printf "%q" .connector.password }}',
    '{{ printf "%+q" .connector.password }}',
  ];
  test.each(templates)('%s', (template) => {
    const out = renderText(template, vars, 't');
    expect(findCanary(out, 'CANARY') ?? findCanary(out, 'PWCANARY9')).toBeDefined();
    const redacted = r.redact(out);
    expectNoCanary(redacted, ['CANARY'], template);
    expect(redacted).toContain(REDACTED);
  });

  test('ordinary text and the PEM armour stay', () => {
    expect(r.redact('visible -----BEGIN OPENSSH PRIVATE KEY----- text')).toBe('visible -----BEGIN OPENSSH PRIVATE KEY----- text');
  });

  test('a number under a secret name is masked as its digits', () => {
    const n = redactorWith({ db_password: new GoInt('int', 98765432n) });
    expect(n.redact('pw=98765432')).toBe(`pw=${REDACTED}`);
  });

  test('a key file path stays visible, values under secret names are masked whole', () => {
    const p = redactorWith({ connector: { private_key: '/home/u/.ssh/id_ed25519' } });
    expect(p.redact('tried /home/u/.ssh/id_ed25519')).toBe('tried /home/u/.ssh/id_ed25519');
    expect(r.redactValue({ token: 'abc', list: [PASSWORD] })).toEqual({ token: REDACTED, list: [REDACTED] });
  });

  test('redactDeep masks strings of events and leaves class instances alone', () => {
    const n = new GoInt('int', 3n);
    const out = r.redactDeep({ a: [`x ${PASSWORD}`], n, nested: { s: KEY } });
    expect(out.a[0]).toBe(`x ${REDACTED}`);
    expect(out.n).toBe(n);
    expectNoCanary(`${out.a[0]} ${out.nested.s}`, ['CANARY'], 'event');
  });

  test('redactDeep copies only what it masks: the original stays, parts without a secret are shared', () => {
    const clean = { list: ['a', 'b'], inner: { s: 'visible' } };
    const event = { type: 'host_result', clean, hit: { before: 'x', s: `pw ${PASSWORD}`, after: ['y'] }, tail: [1, `${PASSWORD}!`] };
    const out = r.redactDeep(event);
    expect(out).toEqual({ type: 'host_result', clean, hit: { before: 'x', s: `pw ${REDACTED}`, after: ['y'] }, tail: [1, `${REDACTED}!`] });
    expect(Object.keys(out.hit)).toEqual(['before', 's', 'after']);
    expect(out.clean).toBe(clean);
    expect(out.hit.after).toBe(event.hit.after);
    expect(event.hit.s).toBe(`pw ${PASSWORD}`);
    expect(event.tail[1]).toBe(`${PASSWORD}!`);
    expect(r.redactDeep(clean)).toBe(clean);
  });
});

describe('StreamRedactor', () => {
  const secret = 'sTrEaMsEcReT42';
  const r = redactorWith({ token: secret });

  test('finds a secret cut across chunks at every position', () => {
    const whole = Buffer.from(`head ${secret} middle ${Buffer.from(secret).toString('base64')} tail`);
    for (let cut = 1; cut < whole.length; cut++) {
      const s = r.streamRedactor();
      const out = Buffer.concat([s.push(whole.subarray(0, cut)), s.push(whole.subarray(cut)), s.end()]).toString();
      expect(out).toBe(`head ${REDACTED} middle ${REDACTED} tail`);
    }
  });

  test('bytes that are not UTF-8 pass unchanged', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]);
    const s = r.streamRedactor();
    expect(Buffer.concat([s.push(bytes), s.push(Buffer.from(secret)), s.push(bytes), s.end()])).toEqual(
      Buffer.concat([bytes, Buffer.from(REDACTED), bytes]),
    );
  });

  test('with no secret known, chunks pass through as they are', () => {
    const s = new Redactor().streamRedactor();
    const chunk = Buffer.from('anything');
    expect(s.push(chunk)).toBe(chunk);
    expect(s.end().length).toBe(0);
  });
});
