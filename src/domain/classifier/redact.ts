// Secret redaction and length capping for any provider text the classifier repeats in `evidence`.

export const REDACTED = "[REDACTED]";

/** Longest evidence string the classifier returns (../shared/DESIGN.md: evidence is short). */
export const MAX_EVIDENCE_CHARS = 200;

// Each pattern replaces the whole match, or only group 2 when the pattern keeps a prefix in group 1. Every pattern
// is anchored on a literal (a prefix, a separator) or bounded, so a scan stays linear in the text's length.
const TOKEN_PATTERNS: readonly RegExp[] = [
  // OpenAI / Anthropic / DeepSeek / Moonshot / OpenRouter style keys, also masked ones ("sk-proj-****abcd").
  /sk-(?:ant-|proj-|or-|svcacct-|admin-)?[A-Za-z0-9_*-]{8,}/g,
  // Other vendors' key prefixes: Groq, xAI, Hugging Face, GitHub, GitLab, Stripe, npm, Slack, SendGrid, PyPI.
  /\b(?:gsk|hf|ghp|gho|ghs|ghu|ghr|github_pat|sk_live|sk_test|rk_live|rk_test|pk_live|npm|pypi)_[A-Za-z0-9_]{8,}/g,
  /\b(?:xai|glpat|pplx|r8|xapp|xoxa|xoxb|xoxp|xoxo|xoxs|xoxr|xoxe(?:\.xoxp)?)-[A-Za-z0-9_-]{8,}/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
  // Google API keys and OAuth access tokens.
  /AIza[0-9A-Za-z_-]{20,}/g,
  /\bya29\.[0-9A-Za-z_-]{16,}/g,
  // AWS access key ids.
  /\b(?:AKIA|ASIA|AROA|AIDA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
  // Telegram bot tokens ("123456789:AA…", also inside ".../bot123456789:AA…/sendMessage").
  /(?<![0-9])[0-9]{6,12}:[A-Za-z0-9_-]{30,}/g,
  // Slack incoming-webhook paths and Discord webhook tokens.
  /hooks\.slack\.com\/services\/[A-Za-z0-9_/-]{8,}/g,
  /discord(?:app)?\.com\/api\/webhooks\/[0-9]{6,}\/[A-Za-z0-9_-]{16,}/g,
  // PEM private keys (bounded, so an unterminated header cannot make the scan quadratic).
  /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]{0,8192}?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g,
];

const PREFIXED_PATTERNS: readonly RegExp[] = [
  // Credentials in a URL: scheme://user:password@host keeps the scheme and host, loses both user and password.
  /(:\/\/)([^\s/?#@:"'<>]{1,256}:[^\s/?#@"'<>]{0,512})(?=@)/g,
  // "Bearer <token>", "Basic <base64>", "Token <token>" (an Authorization header's schemes), case as sent.
  /(\bBearer\s+)([A-Za-z0-9._~+/=-]{6,})/gi,
  /(\b(?:Basic|Token|Digest)\s+)((?=[A-Za-z0-9+/=_.-]{0,1024}[0-9+/=A-Z])[A-Za-z0-9+/=_.-]{8,})/g,
  // key=, api_key=, token=, access_token=, sig=, password= query or form parameters.
  /([?&;\s](?:api[_-]?key|key|token|access[_-]?token|refresh[_-]?token|auth|sig|signature|secret|password|passwd|pwd)=)([^&\s"'<>]+)/gi,
  // JSON / header style "api_key": "...", x-api-key: ..., authorization: [scheme] ..., aws_secret_access_key = ...
  /((?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:Basic|Bearer|Token|Digest)\s+)?)([^"'\s,;}&]{6,})/gi,
  /((?:api[_-]?key|x-api-key|x-goog-api-key|access[_-]?token|refresh[_-]?token|bot[_-]?token|secret[_-]?(?:access[_-]?)?key|password|passwd|client[_-]?secret)["']?\s*[:=]\s*["']?)([^"'\s,;}&]{6,})/gi,
];

/** Runs of base64url-and-dot characters; matched greedily once each, so the scan stays linear. */
const DOTTED_TOKEN_RE = /[A-Za-z0-9_.-]{16,}/g;

/**
 * JWT-like tokens (three base64url parts, the first a JSON header "eyJ…"). Checked per token rather
 * than by one backtracking pattern, which is quadratic on long dot-less "eyJeyJ…" runs.
 */
function redactJwts(text: string): string {
  if (!text.includes("eyJ")) return text;
  return text.replace(DOTTED_TOKEN_RE, (token) => {
    const start = token.indexOf("eyJ");
    if (start < 0) return token;
    const [header = "", payload = "", signature = ""] = token.slice(start).split(".", 3);
    return header.length >= 7 && payload.length >= 4 && signature.length >= 4 ? `${token.slice(0, start)}${REDACTED}` : token;
  });
}

/**
 * Replaces API keys (OpenAI, Anthropic, Google, AWS, GitHub, Slack, Telegram, Stripe, …), bearer/basic credentials,
 * credentials in URLs, `key=`/`password=` parameters, JWTs and PEM private keys with `[REDACTED]`. Linear in the
 * text length. Pattern-based: a secret with no recognisable shape (a bare random string) is not found.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of PREFIXED_PATTERNS) out = out.replace(pattern, (_m, prefix: string) => `${prefix}${REDACTED}`);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return redactJwts(out);
}

/**
 * Collapses every whitespace run to one character (a newline when the run had one, else a space), so
 * no text regex can backtrack across a long run while line-anchored patterns still see lines.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s{2,}|[\t\r\f\v\u00a0]/g, (run) => (run.includes("\n") ? "\n" : " "));
}

/** Collapses whitespace and cuts to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, Math.max(0, max - 1))}…`;
}

/** The final form of every evidence string: redacted first (so no secret survives a cut), then capped. */
export function finalizeEvidence(text: string): string {
  return truncate(redactSecrets(text), MAX_EVIDENCE_CHARS);
}

/** A short, redacted quote of provider text for evidence. */
export function quote(text: string, max = 80): string {
  // Redact a generous prefix before cutting so a secret that straddles the cut is still caught whole.
  return `"${truncate(redactSecrets(text.slice(0, 4 * max + 200)), max)}"`;
}
