// A Jest setup file of the projects that load NestJS. @nestjs/throttler is CommonJS and `require()`s the ESM-only
// @nestjs/common and @nestjs/core. Jest (on Node >= 24.9) allows that only for an ESM module that has finished
// evaluating: when a test's import graph reaches both at once, @nestjs/common is still being linked when the
// throttler's `require` runs, and Jest refuses it as a cycle (Node does the same for a real cycle). Importing both
// here, before the test file, evaluates them first; the test's graph then reuses them.
import '@nestjs/common';
import '@nestjs/core';
