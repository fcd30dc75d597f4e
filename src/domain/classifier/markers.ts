// Explicit provider markers: error codes, types, class names and gRPC statuses, normalised and looked up.
import type { Category } from "../taxonomy.js";

/** "rate_limit_exceeded", "RateLimitExceeded", "com.amazon#ThrottlingException:" → "ratelimitexceeded" / "throttlingexception". */
export function normalizeMarker(raw: string): string {
  const tail = raw.includes("#") ? raw.slice(raw.lastIndexOf("#") + 1) : raw;
  return tail.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const STRONG_LIST: readonly (readonly [Category, readonly string[]])[] = [
  ["quota_exhausted", [
    "insufficientquota", "exceededcurrentquotaerror", "billinghardlimitreached", "billingnotactive",
    "insufficientbalance", "insufficientbalanceerror", "insufficientcredits", "insufficientfunds",
    "paymentrequired", "arrearage", "servicequotaexceededexception", "quotaexhausted", "accountoverdue",
    "accountoverdueerror", "dailylimitexceeded", "outofcredits", "creditbalancetoolow", "budgetexceeded",
    "spendlimitexceeded", "billingerror", "overdue",
  ]],
  ["auth_failed", [
    "invalidapikey", "invalidauthenticationerror", "authenticationerror", "authenticationfailed",
    "accessdeniedexception", "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
    "apikeyinvalid", "unauthenticated", "accountdeactivated", "deactivatedworkspace", "unauthorized",
    "unauthorizederror", "invalidaccesskeyid", "incorrectapikey", "invalidtoken", "tokenexpired", "apikeyexpired",
    "consumersuspended", "servicedisabled", "unsupportedcountryregionterritory", "accessterminated",
    "organizationdeactivated", "authinvalidtoken", "missingapikey", "apikeynotfound", "invalidapikeyerror",
    "invalidcredentials", "accountsuspended", "apikeyrevoked", "invalidsubscription",
  ]],
  ["context_too_long", [
    "contextlengthexceeded", "requesttoolarge", "modelcontextwindowexceeded", "contextwindowexceeded",
    "prompttoolong", "inputtoolong", "requestentitytoolarge", "contextoverflow", "tokenlimitexceeded",
  ]],
  ["model_unavailable", [
    "modelnotfound", "modelnotfounderror", "deploymentnotfound", "modelnotreadyexception", "resourcenotfoundexception",
    "modelisdeactivated", "modeldecommissioned", "modelnotavailable", "modeldeprecated", "invalidmodel",
    "unknownmodel", "nosuchmodel", "modelnotsupported", "modelunavailable",
  ]],
  ["invalid_request", [
    "contentfilter", "contentpolicyviolation", "responsibleaipolicyviolation", "datainspectionfailed", "safety",
    "recitation", "prohibitedcontent", "blocklist", "spii", "contentfiltered", "invalidprompt", "moderationblocked",
    "sensitivecontent", "imagetoolarge", "contentmoderation",
  ]],
  ["rate_limit", [
    "ratelimitexceeded", "ratelimiterror", "ratelimitreachederror", "ratelimited", "ratelimit",
    "ratelimitexceedederror", "ratelimitreached", "toomanyrequests", "toomanyrequestsexception",
    "toomanyrequestserror", "throttling", "throttlingexception", "throttled", "throttlingratequota",
    "throttlingallocationquota", "throttlinguser", "throttlingapi", "resourceexhausted", "concurrencylimitexceeded",
    "modelcooldown", "limitexceededexception", "requestlimitexceeded", "userratelimitexceeded", "slowdown",
    "quotaexceeded", "tpmlimitexceeded", "rpmlimitexceeded", "toomanyconcurrentrequests",
  ]],
  ["server_overload", [
    "overloadederror", "overloaded", "engineoverloadederror", "engineoverloaded", "serveroverloaded",
    "serviceunavailableexception", "unavailable", "serviceunavailable", "serviceunavailableerror", "modeloverloaded",
    "serverbusy", "systembusy", "modelerrorbusy", "capacityexceeded",
  ]],
  ["timeout", [
    "modeltimeoutexception", "deadlineexceeded", "timeout", "timeouterror", "etimedout", "esockettimedout",
    "underrconnecttimeout", "underrheaderstimeout", "underrbodytimeout", "apiconnectiontimeouterror",
    "requesttimeout", "requesttimeoutexception", "requesttimeouterror", "gatewaytimeout", "connecttimeouterror",
    "headerstimeouterror", "bodytimeouterror", "readtimeout", "readtimeouterror", "timeoutexception",
    "sockettimeout", "sockettimeoutexception",
  ]],
  ["network_error", [
    "econnreset", "econnrefused", "enotfound", "eaiagain", "epipe", "ehostunreach", "enetunreach", "ehostdown",
    "enetdown", "enetreset", "econnaborted", "underrsocket", "underrclosed", "underraborted",
    "underrreqcontentlengthmismatch", "underrrescontentlengthmismatch", "errstreamprematureclose",
    "errsocketclosed", "apiconnectionerror", "connectionerror", "socketerror", "certhasexpired",
    "unabletoverifyleafsignature", "depthzeroselfsignedcert", "selfsignedcertinchain", "errtlscertaltnameinvalid",
    "unabletogetissuercertlocally", "connectionreset", "connectionclosed", "connectionrefused", "networkerror",
    "eproto", "ecanceled",
  ]],
  ["server_error", [
    "internalserverexception", "internalfailure", "modelerrorexception", "dependencyfailedexception",
  ]],
  ["aborted", ["aborterror", "apiuseraborterror", "aborted", "useraborted", "cancelled", "canceled"]],
];

const STRONG: ReadonlyMap<string, Category> = new Map(
  STRONG_LIST.flatMap(([category, keys]) => keys.map((k) => [k, category] as const)),
);

/**
 * Generic markers that only say which HTTP status family the error had (Anthropic
 * `invalid_request_error`, gRPC `INVALID_ARGUMENT`, SDK classes like `BadRequestError`): they are
 * read as that status so the body can refine them (e.g. 400 + "prompt is too long").
 */
const IMPLIED_STATUS: ReadonlyMap<string, number> = new Map([
  ...["invalidrequesterror", "invalidargument", "validationexception", "invalidparameter", "badrequesterror",
    "badrequest", "failedprecondition", "outofrange", "invalidrequest", "invalidvalue", "invalidparametervalue",
    "missingrequiredparameter", "unsupportedparameter", "unknownparameter", "invalidformat", "invalidrequestexception",
  ].map((k) => [k, 400] as const),
  ...["permissiondenied", "permissiondeniederror", "permissionerror", "forbidden", "forbiddenerror"].map((k) => [k, 403] as const),
  ...["notfounderror", "notfound", "resourcenotfounderror"].map((k) => [k, 404] as const),
  ["conflicterror", 409],
  ["unprocessableentityerror", 422],
  ...["requests", "tokens"].map((k) => [k, 429] as const),
  ...["servererror", "apierror", "internal", "internalerror", "internalservererror", "modelstreamerrorexception",
    "internalerroralgo", "systemerror",
  ].map((k) => [k, 500] as const),
  ["badgateway", 502],
]);

/** Codes of the OpenClaw coordination family: they stop a turn but say nothing about the model. */
const COORDINATION_RE =
  /^(?:gatewaydraining\w*|activeturnclaim\w*|workerrunner\w*|sessionwritelock\w*|sessionlock\w*|sessiontakeover\w*|\w*superseded\w*|stalelifecycle\w*|missingtoolresult\w*)$/;

/** Families for codes no table lists ("RateLimitExceeded.EndpointRPMExceeded", "InvalidEndpointOrModel.NotFound"). */
const FUZZY: readonly (readonly [RegExp, Category])[] = [
  [/ratelimit|throttl|toomanyrequests|(?:rpm|tpm|qps|quota)exceeded/, "rate_limit"],
  [/insufficient\w*(?:balance|quota|credit|fund)|overdue|arrear|billing|paymentrequired|outofcredit/, "quota_exhausted"],
  [/overload|capacityexceeded|serverbusy/, "server_overload"],
  [/timeout|timedout/, "timeout"],
  [/contextlength|contextwindow|toolong|tokenlimit/, "context_too_long"],
  [/model\w*not(?:found|exist|open|available|ready)|(?:deployment|endpoint)notfound/, "model_unavailable"],
  [/unauthori|authenticat|invalidapikey|apikeyinvalid|accessdenied|invalidtoken|invalidcredential/, "auth_failed"],
  [/sensitive|contentfilter|moderation|policyviolation|inappropriate/, "invalid_request"],
];

/** Higher wins when several explicit markers disagree (a billing code beats the SDK's RateLimitError class). */
export const MARKER_PRECEDENCE: Readonly<Record<Category, number>> = {
  quota_exhausted: 10,
  auth_failed: 9,
  context_too_long: 8,
  model_unavailable: 7,
  invalid_request: 6,
  rate_limit: 5,
  server_overload: 4,
  timeout: 3,
  network_error: 2,
  server_error: 1,
  aborted: 0,
  unknown: -1,
};

export type MarkerVerdict =
  | { readonly kind: "category"; readonly category: Category; readonly coordination?: boolean }
  | { readonly kind: "status"; readonly status: number };

/** What an explicit marker says, if anything. */
export function lookupMarker(raw: string): MarkerVerdict | undefined {
  const key = normalizeMarker(raw);
  if (key.length < 2) return undefined;
  if (COORDINATION_RE.test(key)) return { kind: "category", category: "aborted", coordination: true };
  const category = STRONG.get(key);
  if (category) return { kind: "category", category };
  const status = IMPLIED_STATUS.get(key);
  if (status !== undefined) return { kind: "status", status };
  for (const [re, fuzzy] of FUZZY) if (re.test(key)) return { kind: "category", category: fuzzy };
  return undefined;
}

/** Network/timeout error codes as they appear inside free text ("connect ECONNREFUSED 127.0.0.1:11434"). */
export const TEXT_NETWORK_CODE_RE =
  /\b(E(?:CONN(?:RESET|REFUSED|ABORTED)|NOTFOUND|AI_AGAIN|PIPE|HOSTUNREACH|NETUNREACH|HOSTDOWN|NETDOWN|NETRESET|TIMEDOUT|SOCKETTIMEDOUT|PROTO)|UND_ERR_[A-Z_]+|ERR_STREAM_PREMATURE_CLOSE|ERR_SOCKET_CLOSED|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\b/;

export type NumericFamily = "zhipu" | "minimax" | "baidu";

const NUMERIC: Readonly<Record<NumericFamily, ReadonlyMap<number, Category>>> = {
  // open.bigmodel.cn error codes: 1000-1004 auth, 1113 arrears, 1211 model, 1261 prompt too long,
  // 1301 content filter, 1302/1303/1305 concurrency/frequency, 1304/1308/1310 periodic quota.
  zhipu: new Map<number, Category>([
    ...[1000, 1001, 1002, 1003, 1004, 1100, 1110, 1111, 1112, 1120, 1121, 1220].map((c) => [c, "auth_failed"] as const),
    [1113, "quota_exhausted"], [1304, "quota_exhausted"], [1308, "quota_exhausted"], [1309, "quota_exhausted"],
    [1310, "quota_exhausted"], [1311, "quota_exhausted"],
    [1211, "model_unavailable"], [1221, "model_unavailable"], [1222, "model_unavailable"],
    [1261, "context_too_long"],
    ...[1200, 1210, 1212, 1213, 1214, 1215, 1300, 1301].map((c) => [c, "invalid_request"] as const),
    [1230, "server_error"], [1234, "network_error"], [1302, "rate_limit"], [1303, "rate_limit"], [1305, "rate_limit"],
  ]),
  // MiniMax base_resp.status_code.
  minimax: new Map<number, Category>([
    [1000, "server_error"], [1001, "timeout"], [1002, "rate_limit"], [1004, "auth_failed"], [1008, "quota_exhausted"],
    [1013, "server_error"], [1026, "invalid_request"], [1027, "invalid_request"], [1039, "context_too_long"],
    [1041, "rate_limit"], [2013, "invalid_request"], [2045, "rate_limit"], [2049, "auth_failed"], [2056, "quota_exhausted"],
  ]),
  // Baidu Qianfan error_code.
  baidu: new Map<number, Category>([
    [1, "server_error"], [2, "server_overload"], [4, "rate_limit"], [6, "auth_failed"], [13, "auth_failed"],
    [14, "auth_failed"], [17, "quota_exhausted"], [18, "rate_limit"], [19, "quota_exhausted"], [110, "auth_failed"],
    [111, "auth_failed"], [336003, "invalid_request"], [336007, "context_too_long"], [336100, "server_error"],
    [336103, "context_too_long"], [336501, "rate_limit"], [336502, "rate_limit"],
  ]),
};

export function lookupNumericCode(family: NumericFamily, code: number): Category | undefined {
  return NUMERIC[family].get(code);
}
