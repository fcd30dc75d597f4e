// Property tests explore new random inputs on every local run; CI uses one fixed seed so a green main stays green
// (a failure found locally prints its seed and path: add the case to a regular test).
import fc from "fast-check";

if (process.env.CI === "true") fc.configureGlobal({ seed: 20261122 });
