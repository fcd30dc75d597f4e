// Reports: daily, model, recovery and full text reports, and the self-contained HTML incident report.
export * from "./i18n.js";
export * from "./incident.js";
export * from "./report-types.js";
export * from "./collect.js";
export * from "./render-text.js";
export * from "./render-html.js";
export * from "./svg.js";
export * from "./gh-issue.js";
