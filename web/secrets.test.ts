import { maskSecrets, unmaskSecrets } from './secrets';

const INVENTORY = `kind: Inventory
spec:
  hosts:
    n1:
      # the first node
      connector: { type: ssh, host: 10.0.0.1, password: s3cr3t-pass, private_key: /root/.ssh/id }
      db_password: hunter22
      plain: visible
  vars:
    api_token: [tok-one, tok-two]
`;

describe('secrets of inventories and configs', () => {
  test('values under secret-looking keys are masked; comments and other values stay', () => {
    const masked = maskSecrets(INVENTORY);
    for (const secret of ['s3cr3t-pass', 'hunter22', 'tok-one', 'tok-two', '/root/.ssh/id']) expect(masked).not.toContain(secret);
    expect(masked).toContain('# the first node');
    expect(masked).toContain('plain: visible');
    expect(masked).toContain('host: 10.0.0.1');
  });

  test('a masked value sent back keeps the stored one; a new value replaces it', () => {
    const masked = maskSecrets(INVENTORY);
    const kept = unmaskSecrets(masked.replace('visible', 'changed'), INVENTORY);
    expect(kept.missing).toEqual([]);
    for (const secret of ['s3cr3t-pass', 'hunter22', 'tok-one', 'tok-two', 'changed']) expect(kept.text).toContain(secret);
    const replaced = unmaskSecrets(masked.replace(/db_password: \S+/, 'db_password: new-one'), INVENTORY);
    expect(replaced.text).toContain('db_password: new-one');
    expect(replaced.text).toContain('s3cr3t-pass');
  });

  test('a mask with nothing stored behind it is reported by its path', () => {
    const result = unmaskSecrets('kind: Inventory\nspec:\n  vars:\n    my_secret: "********"\n', undefined);
    expect(result.missing).toEqual(['spec.vars.my_secret']);
  });

  test('text without secrets comes back unchanged, byte for byte', () => {
    const text = 'kind: Config\nspec:\n  a:   1   # spaced\n';
    expect(maskSecrets(text)).toBe(text);
    expect(unmaskSecrets(text, undefined).text).toBe(text);
  });
});
