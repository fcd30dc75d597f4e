// Chinese providers: Zhipu GLM, Qwen/DashScope, Moonshot/Kimi, MiniMax, Baidu Qianfan, and bare Chinese messages.
import type { ClassifierCase } from "./case.js";

const zhipu = (status: number | undefined, code: string, message: string): unknown => ({
  ...(status === undefined ? {} : { status }),
  error: { code, message },
});

export const chineseProviderCases: readonly ClassifierCase[] = [
  // source: open.bigmodel.cn/dev/api/error-code/service-error (1261 Prompt 超长)
  { name: "Zhipu: 1261 prompt too long", input: zhipu(400, "1261", "Prompt 超长"), category: "context_too_long" },
  // source: open.bigmodel.cn error codes (1301 content safety)
  { name: "Zhipu: 1301 unsafe content", input: zhipu(400, "1301", "系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语，感谢您的配合。"), category: "invalid_request" },
  // source: open.bigmodel.cn error codes (1302 concurrency)
  { name: "Zhipu: 1302 concurrency too high", input: zhipu(429, "1302", "您当前使用该API的并发数过高，请降低并发，或联系客服增加限额。"), category: "rate_limit" },
  // source: open.bigmodel.cn error codes (1303 frequency)
  { name: "Zhipu: 1303 frequency too high", input: zhipu(429, "1303", "您当前使用该API的频率过高，请降低频率，或联系客服增加限额。"), category: "rate_limit" },
  // source: open.bigmodel.cn error codes (1113 arrears, HTTP 429)
  { name: "Zhipu: 1113 account in arrears", input: zhipu(429, "1113", "您的账户已欠费，请充值后重试。"), category: "quota_exhausted" },
  // source: open.bigmodel.cn error codes (1000 authentication failed, 401)
  { name: "Zhipu: 1000 authentication failed", input: zhipu(401, "1000", "身份验证失败。"), category: "auth_failed" },
  // source: open.bigmodel.cn error codes (1211 model does not exist)
  { name: "Zhipu: 1211 model does not exist", input: zhipu(undefined, "1211", "模型不存在，请检查模型代码。"), category: "model_unavailable" },
  // source: openclaw failover corpus (#48988: 1305 "该模型当前访问量过大")
  { name: "Zhipu: 1305 model traffic too high", input: zhipu(429, "1305", "该模型当前访问量过大，请您稍后再试"), category: "rate_limit" },
  // source: open.bigmodel.cn error codes (1113 without an HTTP status)
  { name: "Zhipu: 1113 without a status", input: zhipu(undefined, "1113", "您的账户已欠费，请充值后重试。"), category: "quota_exhausted" },
  // source: openclaw failover corpus (#33785 Zhipu periodic limit with a reset time)
  { name: "Zhipu: 5-hour usage limit with a reset time", input: "LLM error 1308: Usage limit reached for 5 hour. Your limit will reset at 2026-07-02 20:00:00", category: "quota_exhausted", retryAfterMs: 3 * 3_600_000, resetAt: "2026-07-02T20:00:00.000Z" },
  // source: help.aliyun.com/zh/model-studio/error-code (Throttling.RateQuota, 429)
  { name: "Qwen: Throttling.RateQuota", input: { status: 429, body: { code: "Throttling.RateQuota", message: "Requests rate limit exceeded, please try again later.", request_id: "a1b2" } }, category: "rate_limit" },
  // source: help.aliyun.com/zh/model-studio/error-code (Throttling.AllocationQuota)
  { name: "Qwen: Throttling.AllocationQuota", input: { status: 429, body: { code: "Throttling.AllocationQuota", message: "Allocated quota exceeded, please increase your quota limit.", request_id: "a1b2" } }, category: "rate_limit" },
  // source: help.aliyun.com/zh/model-studio/error-code (Arrearage, 400)
  { name: "Qwen: Arrearage", input: { status: 400, body: { code: "Arrearage", message: "Access denied, please make sure your account is in good standing.", request_id: "a1b2" } }, category: "quota_exhausted" },
  // source: help.aliyun.com/zh/model-studio/error-code (InvalidApiKey, 401)
  { name: "Qwen: InvalidApiKey", input: { status: 401, body: { code: "InvalidApiKey", message: "Invalid API-key provided.", request_id: "a1b2" } }, category: "auth_failed" },
  // source: help.aliyun.com/zh/model-studio/error-code (DataInspectionFailed, 400)
  { name: "Qwen: DataInspectionFailed", input: { status: 400, body: { code: "DataInspectionFailed", message: "Input data may contain inappropriate content.", request_id: "a1b2" } }, category: "invalid_request" },
  // source: help.aliyun.com/zh/model-studio/error-code (InvalidParameter "Range of input length should be …")
  { name: "Qwen: input length out of range", input: { status: 400, body: { code: "InvalidParameter", message: "Range of input length should be [1, 30720]", request_id: "a1b2" } }, category: "context_too_long" },
  // source: help.aliyun.com/zh/model-studio/error-code (InternalError, 500)
  { name: "Qwen: InternalError", input: { status: 500, body: { code: "InternalError", message: "An internal error has occured, please try again later or contact service support.", request_id: "a1b2" } }, category: "server_error" },
  // source: help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope (OpenAI-compatible insufficient_quota)
  { name: "Qwen compatible mode: insufficient_quota", input: { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota", code: "insufficient_quota" } }, category: "quota_exhausted" },
  // source: platform.moonshot.cn/docs/api/chat#错误说明 (rate_limit_reached_error, "try again after 1 seconds")
  { name: "Moonshot: rate_limit_reached_error", input: { status: 429, error: { type: "rate_limit_reached_error", message: "Your account org-abc<ak-xyz> request reached organization max RPM: 3, please try again after 1 seconds" } }, category: "rate_limit", retryAfterMs: 1_000 },
  // source: platform.moonshot.cn error table (exceeded_current_quota_error)
  { name: "Moonshot: exceeded_current_quota_error", input: { status: 429, error: { type: "exceeded_current_quota_error", message: "Your account org-abc<ak-xyz> is suspended, please check your plan and billing details" } }, category: "quota_exhausted" },
  // source: platform.moonshot.cn error table (invalid_authentication_error)
  { name: "Moonshot: invalid_authentication_error", input: { status: 401, error: { type: "invalid_authentication_error", message: "Invalid Authentication" } }, category: "auth_failed" },
  // source: platform.moonshot.cn error table (engine_overloaded_error, HTTP 429)
  { name: "Moonshot: engine_overloaded_error", input: { status: 429, error: { type: "engine_overloaded_error", message: "The engine is currently overloaded, please try again later" } }, category: "server_overload" },
  // source: platform.moonshot.cn error table (model token limit)
  { name: "Moonshot: exceeded model token limit", input: { status: 400, error: { type: "invalid_request_error", message: "Invalid request: Your request exceeded model token limit: 8192" } }, category: "context_too_long" },
  // source: platform.moonshot.cn error table (content_filter, high risk)
  { name: "Moonshot: content_filter", input: { status: 400, error: { type: "content_filter", message: "The request was rejected because it was considered high risk" } }, category: "invalid_request" },
  // source: platform.moonshot.cn error table (resource_not_found_error for a model)
  { name: "Moonshot: model not found", input: { error: { type: "resource_not_found_error", message: "Not found the model moonshot-v1-128k or Permission denied" } }, category: "model_unavailable" },
  // source: platform.minimaxi.com/document/error-code (base_resp.status_code 1002 rate limit, HTTP 200)
  { name: "MiniMax: base_resp 1002 rate limit", input: { id: "", choices: null, base_resp: { status_code: 1002, status_msg: "rate limit exceeded(RPM)" } }, category: "rate_limit" },
  // source: platform.minimaxi.com/document/error-code (1008 insufficient balance)
  { name: "MiniMax: base_resp 1008 insufficient balance", input: { base_resp: { status_code: 1008, status_msg: "insufficient balance" } }, category: "quota_exhausted" },
  // source: platform.minimaxi.com/document/error-code (1004 authentication)
  { name: "MiniMax: base_resp 1004 login failed", input: { base_resp: { status_code: 1004, status_msg: "login fail: Please carry the API secret key in the 'Authorization' field of the request header" } }, category: "auth_failed" },
  // source: cloud.baidu.com/doc/WENXINWORKSHOP/s/tlmyncueh (error_code 18 QPS)
  { name: "Baidu: error_code 18 QPS limit", input: { error_code: 18, error_msg: "Open api qps request limit reached" }, category: "rate_limit" },
  // source: same page (error_code 17 daily limit)
  { name: "Baidu: error_code 17 daily limit", input: { error_code: 17, error_msg: "Open api daily request limit reached" }, category: "quota_exhausted" },
  // source: same page (error_code 110 access token invalid)
  { name: "Baidu: error_code 110 invalid token", input: { error_code: 110, error_msg: "Access token invalid or no longer valid" }, category: "auth_failed" },
  // source (every "Chinese text" case below): wording used by DashScope, Zhipu, Kimi, Baidu and
  // Chinese OpenAI-compatible gateways in their error-code pages; see also the openclaw failover corpus CJK rows.
  { name: "Chinese text: requests too frequent", input: "请求过于频繁，请稍后再试", category: "rate_limit" },
  { name: "Chinese text: throttled", input: "当前请求已被限流，请降低调用频率", category: "rate_limit" },
  { name: "Chinese text: concurrency too high", input: "并发数过高，请稍后重试", category: "rate_limit" },
  { name: "Chinese text: insufficient balance", input: "账户余额不足，请充值后使用", category: "quota_exhausted" },
  { name: "Chinese text: account in arrears", input: "您的账户已欠费", category: "quota_exhausted" },
  { name: "Chinese text: credit used up", input: "本月额度已用完", category: "quota_exhausted" },
  { name: "Chinese text: quota insufficient", input: "配额不足，请联系管理员", category: "quota_exhausted" },
  { name: "Chinese text: server busy", input: "服务器繁忙，请稍后再试", category: "server_overload" },
  { name: "Chinese text: system busy", input: "系统繁忙", category: "server_overload" },
  { name: "Chinese text: model does not exist", input: "模型不存在", category: "model_unavailable" },
  { name: "Chinese text: context length exceeded", input: "上下文长度超过模型限制", category: "context_too_long" },
  { name: "Chinese text: request timed out", input: "请求超时，请重试", category: "timeout" },
  { name: "Chinese text: authentication failed", input: "鉴权失败", category: "auth_failed" },
  { name: "Chinese text: API key invalid", input: "API Key 无效", category: "auth_failed" },
  { name: "Chinese text: sensitive content", input: "输入内容包含敏感信息", category: "invalid_request" },
  { name: "Chinese text: retry after N seconds", input: "请求过于频繁，请30秒后重试", category: "rate_limit", retryAfterMs: 30_000 },
];
