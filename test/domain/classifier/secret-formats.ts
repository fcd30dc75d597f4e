// Generators of realistic secrets, one per format redactSecrets supports, and the contexts they show up in.
// Shared by the property test (test/domain/classifier/redact-formats.test.ts) and the privacy rehearsal test.
import fc from "fast-check";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URLSAFE = `${ALNUM}_-`;
const B64 = `${ALNUM}+/`;
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX = "0123456789abcdef";

/** A string of exactly `min`..`max` characters drawn from `alphabet`. */
export function chars(alphabet: string, min: number, max = min): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
}

/** One secret: `secret` is what must never survive; `text` is how it appears (header, URL, JSON...). */
export interface SecretCase {
  readonly format: string;
  readonly secret: string;
  readonly text: string;
}

const plain = (format: string, secret: fc.Arbitrary<string>): fc.Arbitrary<SecretCase> => secret.map((s) => ({ format, secret: s, text: s }));

/** Every format the redactor supports, as generators. */
export const SECRET_FORMATS: Readonly<Record<string, fc.Arbitrary<SecretCase>>> = {
  openai: plain("openai", chars(URLSAFE, 20, 60).map((b) => `sk-${b}`)),
  openaiProject: plain("openaiProject", chars(URLSAFE, 40, 80).map((b) => `sk-proj-${b}`)),
  anthropic: plain("anthropic", chars(URLSAFE, 40, 95).map((b) => `sk-ant-api03-${b}`)),
  openrouter: plain("openrouter", chars(HEX, 64).map((b) => `sk-or-v1-${b}`)),
  google: plain("google", chars(URLSAFE, 35).map((b) => `AIza${b}`)),
  googleOauth: plain("googleOauth", chars(URLSAFE, 30, 120).map((b) => `ya29.${b}`)),
  aws: plain("aws", fc.tuple(fc.constantFrom("AKIA", "ASIA"), chars(UPPER_DIGITS, 16)).map(([p, b]) => `${p}${b}`)),
  awsSecret: chars(B64, 40).map((s) => ({ format: "awsSecret", secret: s, text: `aws_secret_access_key = ${s}` })),
  github: plain("github", fc.tuple(fc.constantFrom("ghp", "gho", "ghs", "ghu"), chars(ALNUM, 36)).map(([p, b]) => `${p}_${b}`)),
  githubPat: plain("githubPat", chars(`${ALNUM}_`, 82).map((b) => `github_pat_${b}`)),
  gitlab: plain("gitlab", chars(URLSAFE, 20).map((b) => `glpat-${b}`)),
  groq: plain("groq", chars(ALNUM, 52).map((b) => `gsk_${b}`)),
  huggingface: plain("huggingface", chars(ALNUM, 34).map((b) => `hf_${b}`)),
  xai: plain("xai", chars(ALNUM, 80).map((b) => `xai-${b}`)),
  stripe: plain("stripe", fc.tuple(fc.constantFrom("sk_live", "sk_test", "rk_live"), chars(ALNUM, 24, 99)).map(([p, b]) => `${p}_${b}`)),
  npm: plain("npm", chars(ALNUM, 36).map((b) => `npm_${b}`)),
  sendgrid: plain("sendgrid", fc.tuple(chars(URLSAFE, 22), chars(URLSAFE, 43)).map(([a, b]) => `SG.${a}.${b}`)),
  slackBot: plain("slackBot", fc.tuple(fc.constantFrom("xoxb", "xoxp", "xoxa", "xoxs"), chars("0123456789", 10, 13), chars("0123456789", 10, 13), chars(ALNUM, 24, 32)).map(([p, a, b, c]) => `${p}-${a}-${b}-${c}`)),
  slackApp: plain("slackApp", fc.tuple(chars("0123456789", 1), chars(ALNUM, 11), chars("0123456789", 13), chars(HEX, 64)).map(([a, b, c, d]) => `xapp-${a}-${b}-${c}-${d}`)),
  slackWebhook: fc.tuple(chars(ALNUM, 9, 11), chars(ALNUM, 9, 11), chars(ALNUM, 24)).map(([t, b, k]) => ({ format: "slackWebhook", secret: k, text: `https://hooks.slack.com/services/T${t}/B${b}/${k}` })),
  telegram: fc.tuple(chars("0123456789", 8, 10), chars(URLSAFE, 33)).map(([id, b]) => ({ format: "telegram", secret: `AA${b}`, text: `${id}:AA${b}` })),
  telegramUrl: fc.tuple(chars("0123456789", 8, 10), chars(URLSAFE, 33)).map(([id, b]) => ({ format: "telegramUrl", secret: `AA${b}`, text: `https://api.telegram.org/bot${id}:AA${b}/sendMessage` })),
  urlCredentials: fc.tuple(fc.constantFrom("https", "http", "redis", "postgres", "wss"), chars(ALNUM, 3, 16), chars(`${ALNUM}!$%*-_~`, 8, 40)).map(([scheme, user, pass]) => ({ format: "urlCredentials", secret: pass, text: `${scheme}://${user}:${pass}@db.example.com:6379/0` })),
  basicAuth: chars(ALNUM, 6, 30).map((u) => Buffer.from(`${u}:S3cr3t-${u}`).toString("base64")).map((b) => ({ format: "basicAuth", secret: b, text: `Authorization: Basic ${b}` })),
  bearer: chars(`${ALNUM}._-`, 20, 80).map((t) => ({ format: "bearer", secret: t, text: `Authorization: Bearer ${t}` })),
  jwt: fc.tuple(chars(URLSAFE, 10, 40), chars(URLSAFE, 10, 120), chars(URLSAFE, 20, 86)).map(([h, p, sig]) => {
    const token = `eyJ${h}.eyJ${p}.${sig}`;
    return { format: "jwt", secret: token, text: token };
  }),
  queryKey: fc.tuple(fc.constantFrom("key", "api_key", "access_token", "token", "password"), chars(URLSAFE, 12, 40)).map(([k, v]) => ({ format: "queryKey", secret: v, text: `https://api.example.com/v1/models?${k}=${v}&alt=json` })),
  jsonField: fc.tuple(fc.constantFrom("api_key", "apiKey", "x-api-key", "client_secret", "password", "bot_token"), chars(URLSAFE, 12, 40)).map(([k, v]) => ({ format: "jsonField", secret: v, text: `{"${k}": "${v}"}` })),
  privateKey: chars(B64, 64, 400).map((b) => ({ format: "privateKey", secret: b, text: `-----BEGIN RSA PRIVATE KEY-----\n${b}\n-----END RSA PRIVATE KEY-----` })),
};

/** Words around a secret in a provider or channel error message. */
const WORDS = ["Error:", "401", "Unauthorized", "invalid", "credentials", "for", "request", "failed", "(", ")", "—", "请求失败", "token", "at", "line", "1"];
export const around: fc.Arbitrary<[string, string]> = fc.tuple(
  fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(" ")),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(" ")),
);

/** Any supported secret, placed in an error-message-like sentence (separated by a space or quote). */
export const secretInText: fc.Arbitrary<SecretCase> = fc
  .tuple(fc.oneof(...Object.values(SECRET_FORMATS)), around, fc.constantFrom(" ", " '", ' "', ": ", "\n"))
  .map(([c, [before, after], sep]) => {
    const close = sep.includes("'") ? "'" : sep.includes('"') ? '"' : " ";
    return { ...c, text: `${before}${sep}${c.text}${close}${after}` };
  });
