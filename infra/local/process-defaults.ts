// Environment defaults for a local Baton process, set before any module that reads them is loaded
// (import this module first: ES modules run in import order).
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// Baton pins an SDK release that supports Node 20 (see README); its notice about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
