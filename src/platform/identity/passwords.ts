import fs from 'node:fs';
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// N=2^15 with r=8 costs ~32 MiB and ~50 ms here: slow enough against guessing, cheap for a login.
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(expected, actual);
}

let dummy: Promise<string> | null = null;

/**
 * Checks a password against nothing, at the cost of a real check: a login for an unknown,
 * inactive or password-less account then takes as long as one for a known account, so the
 * answer time does not tell which e-mail addresses have an account.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'));
  await verifyPassword(password, await dummy);
  return false;
}

export const MIN_PASSWORD_LENGTH = 12;

/** Common passwords and their usual bases, one a line, lower case (commonPasswords.txt). */
const COMMON = new Set(
  fs.readFileSync(new URL('./commonPasswords.txt', import.meta.url), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
);

/** "Azerty2024!!" → "azerty": what is left once the digits and signs people add around a word are taken off. */
const core = (password: string) => password.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/** Characters following each other in the alphabet, on the digits or on a French or English keyboard row. */
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'azertyuiop', 'qsdfghjklm', 'wxcvbn', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function isSequence(text: string): boolean {
  if (text.length < 4) return false;
  return SEQUENCES.some((row) => row.includes(text) || [...row].reverse().join('').includes(text));
}

/** The shortest repeated unit: "abcabcabcabc" → 3, "aaaaaaaaaaaa" → 1. */
function period(text: string): number {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) return size;
  }
  return text.length;
}

/**
 * After ANSSI's recommendations on passwords (guide « Recommandations relatives à
 * l'authentification multifacteur et aux mots de passe », 2021): a length of at least 12
 * characters, and none of what a guessing attack tries first — common passwords and their
 * variants with digits added, one character or a short pattern repeated, keyboard or alphabet
 * sequences, the account's own e-mail address.
 */
export function passwordProblem(password: string, email?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || (core(password).length >= 4 && COMMON.has(core(password)))) {
    return 'Ce mot de passe fait partie des plus courants, que les attaquants essaient en premier : choisissez-en un autre.';
  }
  if (new Set(lower).size < 4 || period(lower) <= 4) return 'Ce mot de passe répète trop les mêmes caractères : choisissez-en un plus varié.';
  if (isSequence(lower) || isSequence(core(password))) return 'Ce mot de passe est une suite de caractères qui se suivent (alphabet, chiffres ou clavier) : choisissez-en un autre.';
  const name = email?.toLowerCase().split('@')[0] ?? '';
  if (name.length >= 4 && lower.includes(name)) return 'Le mot de passe ne doit pas contenir votre adresse électronique.';
  return null;
}
