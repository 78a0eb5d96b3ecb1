// What a staff password must be: at least 12 characters, not a known common password (a small bundled list of the
// long ones that head breach lists, Chinese ones included), not a common word padded with digits, not a keyboard or
// counting run, and not the username. Pure: returns why a password is refused, or null.

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username'

/** Passwords of 12+ characters that are common enough to be tried first (compared lower-cased). */
const COMMON_PASSWORDS = new Set([
  '000000000000',
  '0987654321qw',
  '1029384756ab',
  '111111111111',
  '112233445566',
  '123123123123',
  '123321123321',
  '1234567890ab',
  '1234567890qw',
  '123456789012',
  '1234567890-=',
  '123456abcdef',
  '123456qwerty',
  '1234abcd1234',
  '1234qwerasdf',
  '123qweasdzxc',
  '12345678abcd',
  '147258369147',
  '147258369258',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  '1qazxsw23edc',
  '5201314520131',
  '520131452013',
  '666666666666',
  '888888888888',
  '987654321098',
  'a123456789012',
  'a1b2c3d4e5f6',
  'aa1234567890',
  'aaaaaaaaaaaa',
  'abc123456789',
  'abcd12345678',
  'abcd1234abcd',
  'abcdefg12345',
  'abcdefghijkl',
  'admin@123456',
  'admin1234567',
  'administrator',
  'asdf1234asdf',
  'asdfghjkl123',
  "asdfghjkl;'",
  'baseball1234',
  'changeme1234',
  'football1234',
  'huawei123456',
  'iloveyou1234',
  'iloveyou520',
  'letmein12345',
  'p@ssw0rd1234',
  'passw0rd1234',
  'password1234',
  'password123!',
  'passwordpassword',
  'q1w2e3r4t5y6',
  'qazwsxedcrfv',
  'qwe123qwe123',
  'qweasdzxc123',
  'qwer1234asdf',
  'qwerty123456',
  'qwertyqwerty',
  'qwertyuiop12',
  'qwertyuiopas',
  'root12345678',
  'superman1234',
  'test12345678',
  'trustno1trustno1',
  'welcome12345',
  'woaini123456',
  'woaini1314520',
  'woaini520520',
  'zaq12wsxcde3',
  'zxcvbnm12345',
  'zxcvbnm123456',
])

/** Words that stay weak whatever digits or symbols pad them (`Password2026!`, `admin@123456`). */
const WEAK_WORDS = new Set([
  'abc',
  'abcd',
  'abcdef',
  'admin',
  'administrator',
  'asdf',
  'asdfghjkl',
  'baseball',
  'changeme',
  'default',
  'dragon',
  'football',
  'gongkai',
  'guest',
  'huawei',
  'iloveyou',
  'letmein',
  'master',
  'monkey',
  'passwd',
  'password',
  'passwordpassword',
  'passwort',
  'princess',
  'qwe',
  'qweasd',
  'qweasdzxc',
  'qwer',
  'qwerty',
  'qwertyuiop',
  'root',
  'sunshine',
  'superman',
  'test',
  'welcome',
  'woaini',
  'zhengfu',
  'zhengwu',
  'zxcvbnm',
])

const KEYBOARD = 'qwertyuiopasdfghjklzxcvbnm'
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'

/** The letters of a password once common symbol-for-letter swaps are undone (`p@ssw0rd2026` → `password`). */
function letterCore(lower: string): string {
  return lower
    .replace(/@(?=[a-z])/g, 'a')
    .replace(/\$(?=[a-z])/g, 's')
    .replace(/(?<=[a-z])0(?=[a-z])/g, 'o')
    .replace(/(?<=[a-z])1(?=[a-z])/g, 'i')
    .replace(/[^a-z]/g, '')
}

/** Why `password` may not be used by `username`, or null when it may. */
export function passwordProblem(password: string, username = ''): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short'
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long'
  const lower = password.toLowerCase()
  if (COMMON_PASSWORDS.has(lower)) return 'common'
  // Few distinct characters: `aaaaaaaaaaaa`, `121212121212`, `abcabcabcabc`.
  if (new Set(lower).size < 5) return 'common'
  const core = letterCore(lower)
  if (WEAK_WORDS.has(core)) return 'common'
  // Digits only, or a keyboard or alphabet run padded with digits: `123456789012`, `qwertyuiopas`, `rty987654321`.
  if (/^[0-9]+$/.test(lower)) return 'common'
  if (/^[a-z0-9]+$/.test(lower) && (KEYBOARD.includes(core) || ALPHABET.includes(core))) return 'common'
  const name = username.trim().toLowerCase()
  if (name.length >= 3 && lower.includes(name)) return 'contains_username'
  return null
}
