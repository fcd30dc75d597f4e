// Keyword families over provider and OpenClaw error text (English and Chinese), evaluated lazily once per input.
import type { Category } from "../taxonomy.js";
import { collapseWhitespace } from "./redact.js";

export type TextFamily =
  | "coordination"
  | "context"
  | "contentFilter"
  | "quota"
  | "rateWindow"
  | "session"
  | "auth"
  | "modelMissing"
  | "rate"
  | "overload"
  | "timeout"
  | "abort"
  | "network"
  | "server"
  | "format"
  | "empty";

const FAMILY_RE: Readonly<Record<TextFamily, RegExp>> = {
  coordination:
    /gateway ?(?:is )?draining|active ?turn ?claim|workerrunner|session (?:write[- ]?)?lock|session file (?:is )?locked|write lock (?:held|timeout|timed out)|session takeover|taken over by another|(?:run|turn) (?:was )?superseded|superseded by a newer|stale lifecycle/i,
  context:
    /context[_ ]?(?:length|window|size|limit)[_ ]?(?:is |has been )?(?:exceeded|overflow)|(?:exceeds?|exceeded|exceeding|over|beyond|larger than|longer than|greater than)\s+(?:the\s+)?(?:model'?s?\s+|available\s+|maximum\s+|max\s+|configured\s+|allowed\s+)*(?:context|(?:model )?token limit|(?:number of )?(?:input |prompt )?tokens|allowed tokens)|exceeds? the model(?:'s)? (?:max(?:imum)? )?limit|exceeds? the maximum (?:request |payload )?size|maximum context|max context|context (?:length|window) (?:is|of)|prompt (?:is )?too (?:long|large)|prompt exceeds|input (?:is )?too (?:long|large)|too many (?:input |prompt )?tokens(?!,? please wait)|range of input length|request[_ ]too[_ ]large|request entity too large|payload too large|reduce the length|model token limit|tokens? \+ `?max_new_tokens|inputs`? (?:tokens|must have less than)|context overflow|out of room in the model|configured context size|上下文(?:长度)?(?:超|过长|太长)|超出(?:最大)?上下文|压缩上下文|(?:输入|prompt|请求|文本)\s*(?:内容|长度)?(?:过长|超长|太长)|token\s*(?:数|数量)?\s*(?:超过|超出)/i,
  contentFilter:
    /content[_ ]?(?:filter|management policy|policy|moderation)|responsible ?ai|safety (?:system|filter|settings|reasons|policy)|blocked (?:due to|by|for) (?:safety|content|moderation|policy)|\bflagged\b|\bmoderation\b|violat\w* (?:our |the )?(?:usage |content )?polic|inappropriate content|data_?inspection|\bprohibited_content\b|\brecitation\b|\bfinish_?reason\W+safety\b|unsafe content|content (?:was )?(?:blocked|rejected)|\bsensitive (?:information|content|words|data)|exists risk|high risk|内容安全|敏感|不安全|审核未通过|内容审核|违禁/i,
  quota:
    /insufficient[_ ]?quota|exceeded (?:your|the) current quota|current quota|(?:insufficient|not enough|low)[_ ](?:\w+[_ ])?(?:balance|credits?|funds|quota)|billing limit|spending cap|budget (?:exceeded|exhausted|reached)|exceeded (?:your |the )?(?:\w+ )?budget|credit balance|out of (?:credits|budget|funds)|run out of credits|no (?:remaining )?credits|requires? more credits|billing[_ ]hard[_ ]limit|hard limit|spend(?:ing)? limit|payment required|billing (?:error|issue|problem|details|account|period|cycle|is not active|not active)|enable billing|arrear|overdue|recharge|top[- ]up|good standing|used up (?:your|the|all)|used all (?:available|of your|your)|\bcredits?\b[^.\n]{0,40}?(?:exhausted|used up|depleted|ran out|run out)|(?:exhausted|exceeded|ran out of|run out of) (?:\w+ ){0,3}credits?\b|quota (?:has been |is )?(?:exhausted|used up|depleted)|(?:daily|weekly|monthly)(?:\/\w+){0,3}\s+(?:\w+\s+)?(?:limit|quota)|usage limit|limit exhausted|per[_ ]?day[_ ]?quota|perday|余额不足|欠费|额度(?:已)?(?:用完|用尽|不足|耗尽)|配额(?:已)?(?:用完|用尽|不足|耗尽)|充值|今日调用次数|调用次数(?:已)?(?:达|超)/i,
  rateWindow:
    /per[ _-]?(?:second|minute|min)(?![a-z])|perminute|persecond|\b(?:rpm|tpm|rps|qps|ipm)\b|concurren|allocated quota|并发|频率|过于频繁|每分钟/i,
  session: /session (?:has )?expired|session[_ ]expired|session not found|no conversation found|conversation not found/i,
  auth:
    /invalid[_ ]?(?:api[_ ]?(?:key|token)|x-api-key|key|token|bearer|authorization|authentication|auth\b|credentials?|access[_ ]?key|subscription key)|(?:didn't|did not|must) provide an? (?:valid )?api[_ ]?key|no api[_ ]?key provided|\b(?:account|organization|workspace|key|project)\b[^.\n]{0,60}?\b(?:has been|is|was) (?:deactivated|disabled|suspended|banned|revoked|terminated)|principal does not have|does not have access to (?:the )?(?:api|operation|this|resource)|授权(?:错误|失败)|未授权|incorrect api key|api[_ ]?key (?:is )?(?:invalid|not valid|expired|revoked|disabled|not found|missing|required)|api key not valid|(?:no|missing) (?:api[_ ]?key|credentials)|authentication (?:failed|error|required|fails)|authentication_error|unauthori[sz]ed|unauthenticated|not authori[sz]ed|(?:token|credentials?|key) (?:has |have )?(?:expired|been revoked)|expired (?:token|credentials|api key)|permission[_ ]?(?:denied|error)|access[_ ]?denied|forbidden|insufficient permissions?|(?:does|do) not have permission|account (?:has been |is )?(?:deactivated|disabled|suspended|banned|locked)|(?:organization|workspace) (?:has been |is )?(?:deactivated|disabled)|deactivated[_ ]workspace|re-?authenticate|(?:could not|failed to) (?:authenticate|validate (?:the )?(?:api key|credentials))|signature (?:does not match|mismatch|expired)|security token (?:included|is invalid|expired)|not supported in your (?:region|country)|location is not supported|unsupported[_ ](?:country|region)|鉴权失败|认证失败|身份验证失败|无权|密钥无效|api ?key ?无效|令牌(?:无效|过期)|账户(?:已)?(?:被)?(?:锁定|冻结|禁用)/i,
  modelMissing:
    /model[_ ]not[_ ]found|\bmodel\b[^.\n]{0,80}?(?:not found|does not exist|doesn't exist|not exist|is not (?:available|supported|found|valid|enabled)|not available|(?<!temporarily |currently )unavailable|decommissioned|deprecated|deactivated|retired|no longer (?:available|supported)|not ready|(?:currently |is )loading)|no models? (?:are |is )?loaded|not (?:activated|enabled|opened) (?:the )?model|model (?:id|identifier|name)\b[^.\n]{0,40}?invalid|(?:unknown|invalid|unsupported|no such) model|not a valid model|no endpoints found|deployment(?:notfound|[^.\n]{0,60}?(?:not found|does not exist))|try pulling it|(?:do|does) not have access to (?:the )?model|模型(?:不存在|不可用|未找到|已下线)/i,
  rate:
    /rate[_ -]?limit|ratelimit|too many requests|too many (?:concurrent )?(?:requests|connections)|throttl|resource[_ ]?exhausted|quota[_ ]?exceeded|(?:exceeded|reached|hit) (?:the |your )?(?:\w+ )?(?:quota|limit)\b|requests? limit|concurrency limit|tokens per (?:min|minute|day|hour)|requests per (?:min|minute|day|second|hour)|\b(?:rpm|tpm|rpd|tpd|qps)\b|slow down|model_cooldown|cooling down|auth profile\b[^.\n]{0,100}?temporarily unavailable|请求过于频繁|限流|并发(?:数)?(?:过高|超|限制)|频率|速率限制|请求(?:数|次数)?(?:过多|超限)|访问过于频繁/i,
  overload:
    /overload|at capacity|over capacity|out of capacity|insufficient capacity|no capacity|capacity\b[^.\n]{0,20}?(?:limit|constraints|exceeded)|high (?:demand|load|traffic)|service[_ ](?:is )?(?:\w+[_ ])?unavailable|(?:temporarily|currently) unavailable|server (?:is )?(?:busy|overloaded)|\bbusy\b|服务(?:器)?(?:繁忙|过载|不可用|暂时不可用)|系统繁忙|负载过高|负载已饱和|访问量过大|资源不足/i,
  timeout:
    /timed? ?out|timeout|deadline[_ ]exceeded|took too long|request (?:was )?aborted|aborted due to timeout|idle[- ]timeout|repeated internal retries|超时/i,
  abort:
    /\b(?:operation|request|stream|run|turn) (?:was |has been )?(?:aborted|cancell?ed)|user aborted|aborted by (?:the )?user|\baborterror\b|cancell?ed by (?:the )?user|用户取消/i,
  network:
    /fetch failed|failed to fetch|network (?:error|request failed|connection|is unreachable)|networkerror|socket hang up|connection (?:error|reset|refused|closed|aborted|lost|interrupted|terminated)|connect(?:ion)? (?:failed|refused)|\beconn\w+|\benotfound\b|\beai_again\b|\bepipe\b|\behostunreach\b|\benetunreach\b|und_err_\w+|premature close|other side closed|^terminated$|stream (?:ended|closed|disconnected) (?:before|without|unexpectedly)|ended without sending any chunks|stream disconnected|getaddrinfo|dns (?:lookup|resolution|failure)|certificate|\btls\b|\bssl\b|self[- ]signed|unable to verify|proxy error|网络(?:错误|异常|连接)|连接(?:错误|失败|中断|被重置)|无法连接/im,
  server:
    /internal[_ ]?(?:server[_ ])?error|server[_ ]error|server had an error|an error occurred while processing|unexpected error|upstream (?:error|connect error|request failed)|bad gateway|service error|\bapi_error\b|internal failure|something went wrong on our end|finish_reason:?\s*error|stop reason:?\s*error|no healthy upstream|process has terminated|is not valid json|unexpected token '?<|<!doctype html|<html|内部错误|服务器错误|服务端错误|系统错误|系统异常|服务异常/i,
  format:
    /invalid[_ ]request|invalid (?:parameter|argument|value|format|schema|json|input|role|message)|bad request|validation (?:error|failed)|malformed|must be (?:a|an|one of)|is required|unsupported (?:parameter|value|image|file|media)|image (?:too large|exceeds|dimensions)|string should match pattern|tool_use_id|tool_call_id|roles must alternate|must end with a user message|does not support|\bmax_tokens\b|string too long|request schema|参数(?:错误|无效|不合法|非法|有误)|格式错误/i,
  empty: /empty response|returned an empty|no (?:response|output|content) (?:from|returned)/i,
};

/** Lazily tests each family once against the joined text of one input. */
export class TextProfile {
  private readonly cache = new Map<TextFamily, boolean>();

  readonly text: string;

  /** `text` is whitespace-collapsed first, so no family regex can backtrack across a long run. */
  constructor(text: string) {
    this.text = collapseWhitespace(text);
  }

  has(family: TextFamily): boolean {
    let hit = this.cache.get(family);
    if (hit === undefined) {
      hit = this.text.length > 0 && FAMILY_RE[family].test(this.text);
      this.cache.set(family, hit);
    }
    return hit;
  }

  /** Quota/billing wording that is not a per-minute window ("exceeded your current quota", "欠费"). */
  quotaExhausted(): boolean {
    return this.has("quota") && !this.has("rateWindow");
  }

  /** A rate limit, unless the text says the quota or balance itself is gone. */
  refineRateLimit(): Category {
    return this.quotaExhausted() ? "quota_exhausted" : "rate_limit";
  }
}

export interface TextVerdict {
  readonly category: Category;
  readonly family: TextFamily;
}

/** Ordered: the first family that matches decides. */
const ORDER: readonly (readonly [TextFamily, Category])[] = [
  ["coordination", "aborted"],
  ["context", "context_too_long"],
  ["contentFilter", "invalid_request"],
  ["quota", "quota_exhausted"],
  ["session", "invalid_request"],
  ["auth", "auth_failed"],
  ["modelMissing", "model_unavailable"],
  ["rate", "rate_limit"],
  ["overload", "server_overload"],
  ["timeout", "timeout"],
  ["abort", "aborted"],
  ["network", "network_error"],
  ["server", "server_error"],
  ["format", "invalid_request"],
  ["empty", "unknown"],
];

/** Classifies by wording alone (the last resort in the evidence order). */
export function classifyText(profile: TextProfile): TextVerdict | undefined {
  for (const [family, category] of ORDER) {
    if (family === "quota" ? !profile.quotaExhausted() : !profile.has(family)) continue;
    return { category: family === "rate" ? profile.refineRateLimit() : category, family };
  }
  return undefined;
}
