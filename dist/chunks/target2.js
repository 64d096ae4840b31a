import { S as SDK_VERSION, h as agentPolicy, t as tlsPolicy, p as proxyPolicy, i as decompressResponsePolicy, r as redirectPolicy, j as formDataPolicy, m as multipartPolicyName, k as multipartPolicy, l as defaultRetryPolicy, n as logPolicy, o as createEmptyPipeline, q as logger, v as emitNodeWarning, x as uint8ArrayToString, y as stringToUint8Array, c as createDefaultHttpClient, z as createHttpHeaders, B as isBinaryBody, C as RestError, D as isRestError, E as createPipelineRequest, F as isBlob, G as isReadableStream, a as createPipelineFromOptions$1, b as bearerTokenAuthenticationPolicy, g as createHttpHeaders$1, e as createPipelineRequest$1 } from './bearerTokenAuthenticationPolicy.js';
import { i as isTokenCredential, r as ringPolicyGates } from './ring-gates.js';
import os from 'node:os';
import process from 'node:process';
import { s as semver } from './reference.js';
import { setTimeout } from 'node:timers/promises';
import { S as StepError, U as UsageError } from './errors.js';
import { n as normaliseRegion } from './regions.js';

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * @internal
 */
function getHeaderName() {
    return "User-Agent";
}
/**
 * @internal
 */
async function setPlatformSpecificData(map) {
    if (process && process.versions) {
        const osInfo = `${os.type()} ${os.release()}; ${os.arch()}`;
        if (process.versions.bun) {
            map.set("Bun", `${process.versions.bun} (${osInfo})`);
        }
        else if (process.versions.deno) {
            map.set("Deno", `${process.versions.deno} (${osInfo})`);
        }
        else if (process.versions.node) {
            map.set("Node", `${process.versions.node} (${osInfo})`);
        }
    }
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
function getUserAgentString(telemetryInfo) {
    const parts = [];
    for (const [key, value] of telemetryInfo) {
        const token = value ? `${key}/${value}` : key;
        parts.push(token);
    }
    return parts.join(" ");
}
/**
 * @internal
 */
function getUserAgentHeaderName() {
    return getHeaderName();
}
/**
 * @internal
 */
async function getUserAgentValue(prefix) {
    const runtimeInfo = new Map();
    runtimeInfo.set("ts-http-runtime", SDK_VERSION);
    await setPlatformSpecificData(runtimeInfo);
    const defaultAgent = getUserAgentString(runtimeInfo);
    const userAgentValue = prefix ? `${prefix} ${defaultAgent}` : defaultAgent;
    return userAgentValue;
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
const UserAgentHeaderName = getUserAgentHeaderName();
/**
 * The programmatic identifier of the userAgentPolicy.
 */
const userAgentPolicyName = "userAgentPolicy";
/**
 * A policy that sets the User-Agent header (or equivalent) to reflect
 * the library version.
 * @param options - Options to customize the user agent value.
 */
function userAgentPolicy(options = {}) {
    const userAgentValue = getUserAgentValue(options.userAgentPrefix);
    return {
        name: userAgentPolicyName,
        async sendRequest(request, next) {
            if (!request.headers.has(UserAgentHeaderName)) {
                request.headers.set(UserAgentHeaderName, await userAgentValue);
            }
            return next(request);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Add platform-specific policies to the pipeline.
 *
 * On Node.js, this adds agent, TLS, proxy, decompression, and redirect
 * policies. On browser and React Native these concerns are handled
 * natively by the runtime, so this is a no-op.
 *
 * @internal
 */
function addPlatformPolicies(pipeline, options) {
    if (options.agent) {
        pipeline.addPolicy(agentPolicy(options.agent));
    }
    if (options.tlsOptions) {
        pipeline.addPolicy(tlsPolicy(options.tlsOptions));
    }
    pipeline.addPolicy(proxyPolicy(options.proxyOptions));
    pipeline.addPolicy(decompressResponsePolicy());
    // Both XHR and Fetch expect to handle redirects automatically,
    // so this only takes effect on Node.
    pipeline.addPolicy(redirectPolicy(options.redirectOptions), { afterPhase: "Retry" });
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Create a new pipeline with a default set of customizable policies.
 * @param options - Options to configure a custom pipeline.
 */
function createPipelineFromOptions(options) {
    const pipeline = createEmptyPipeline();
    addPlatformPolicies(pipeline, options);
    pipeline.addPolicy(formDataPolicy(), { beforePolicies: [multipartPolicyName] });
    pipeline.addPolicy(userAgentPolicy(options.userAgentOptions));
    // The multipart policy is added after policies with no phase, so that
    // policies can be added between it and formDataPolicy to modify
    // properties (e.g., making the boundary constant in recorded tests).
    pipeline.addPolicy(multipartPolicy(), { afterPhase: "Deserialize" });
    pipeline.addPolicy(defaultRetryPolicy(options.retryOptions), { phase: "Retry" });
    pipeline.addPolicy(logPolicy(options.loggingOptions), { afterPhase: "Sign" });
    return pipeline;
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
const apiVersionPolicyName$1 = "ApiVersionPolicy";
/**
 * Creates a policy that sets the apiVersion as a query parameter on every request
 * @param options - Client options
 * @returns Pipeline policy that sets the apiVersion as a query parameter on every request
 */
function apiVersionPolicy$1(options) {
    return {
        name: apiVersionPolicyName$1,
        sendRequest: (req, next) => {
            // Use the apiVesion defined in request url directly
            // Append one if there is no apiVesion and we have one at client options
            const url = new URL(req.url);
            if (!url.searchParams.get("api-version") && options.apiVersion) {
                req.url = `${req.url}${Array.from(url.searchParams.keys()).length > 0 ? "&" : "?"}api-version=${options.apiVersion}`;
            }
            return next(req);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Type guard to check if a credential is an OAuth2 token credential.
 */
function isOAuth2TokenCredential(credential) {
    return "getOAuth2Token" in credential;
}
/**
 * Type guard to check if a credential is a Bearer token credential.
 */
function isBearerTokenCredential(credential) {
    return "getBearerToken" in credential;
}
/**
 * Type guard to check if a credential is a Basic auth credential.
 */
function isBasicCredential(credential) {
    return "username" in credential && "password" in credential;
}
/**
 * Type guard to check if a credential is an API key credential.
 */
function isApiKeyCredential(credential) {
    return "key" in credential;
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
// Ensure the warining is only emitted once
let insecureConnectionWarningEmmitted = false;
/**
 * Checks if the request is allowed to be sent over an insecure connection.
 *
 * A request is allowed to be sent over an insecure connection when:
 * - The `allowInsecureConnection` option is set to `true`.
 * - The request has the `allowInsecureConnection` property set to `true`.
 * - The request is being sent to `localhost` or `127.0.0.1`
 */
function allowInsecureConnection(request, options) {
    if (options.allowInsecureConnection && request.allowInsecureConnection) {
        const url = new URL(request.url);
        if (url.hostname === "localhost" || url.hostname === "127.0.0.1") {
            return true;
        }
    }
    return false;
}
/**
 * Logs a warning about sending a token over an insecure connection.
 *
 * This function will emit a node warning once, but log the warning every time.
 */
function emitInsecureConnectionWarning() {
    const warning = "Sending token over insecure transport. Assume any token issued is compromised.";
    logger.warning(warning);
    if (!insecureConnectionWarningEmmitted) {
        insecureConnectionWarningEmmitted = true;
        emitNodeWarning(warning);
    }
}
/**
 * Ensures that authentication is only allowed over HTTPS unless explicitly allowed.
 * Throws an error if the connection is not secure and not explicitly allowed.
 */
function ensureSecureConnection(request, options) {
    if (!request.url.toLowerCase().startsWith("https://")) {
        if (allowInsecureConnection(request, options)) {
            emitInsecureConnectionWarning();
        }
        else {
            throw new Error("Authentication is not permitted for non-TLS protected (non-https) URLs when allowInsecureConnection is false.");
        }
    }
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Name of the API Key Authentication Policy
 */
const apiKeyAuthenticationPolicyName = "apiKeyAuthenticationPolicy";
/**
 * Gets a pipeline policy that adds API key authentication to requests
 */
function apiKeyAuthenticationPolicy(options) {
    return {
        name: apiKeyAuthenticationPolicyName,
        async sendRequest(request, next) {
            // Ensure allowInsecureConnection is explicitly set when sending request to non-https URLs
            ensureSecureConnection(request, options);
            const scheme = (request.authSchemes ?? options.authSchemes)?.find((x) => x.kind === "apiKey");
            // Skip adding authentication header if no API key authentication scheme is found
            if (!scheme) {
                return next(request);
            }
            if (scheme.apiKeyLocation !== "header") {
                throw new Error(`Unsupported API key location: ${scheme.apiKeyLocation}`);
            }
            request.headers.set(scheme.name, options.credential.key);
            return next(request);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Name of the Basic Authentication Policy
 */
const basicAuthenticationPolicyName = "bearerAuthenticationPolicy";
/**
 * Gets a pipeline policy that adds basic authentication to requests
 */
function basicAuthenticationPolicy(options) {
    return {
        name: basicAuthenticationPolicyName,
        async sendRequest(request, next) {
            // Ensure allowInsecureConnection is explicitly set when sending request to non-https URLs
            ensureSecureConnection(request, options);
            const scheme = (request.authSchemes ?? options.authSchemes)?.find((x) => x.kind === "http" && x.scheme === "basic");
            // Skip adding authentication header if no basic authentication scheme is found
            if (!scheme) {
                return next(request);
            }
            const { username, password } = options.credential;
            const headerValue = uint8ArrayToString(stringToUint8Array(`${username}:${password}`, "utf-8"), "base64");
            request.headers.set("Authorization", `Basic ${headerValue}`);
            return next(request);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Name of the Bearer Authentication Policy
 */
const bearerAuthenticationPolicyName = "bearerAuthenticationPolicy";
/**
 * Gets a pipeline policy that adds bearer token authentication to requests
 */
function bearerAuthenticationPolicy(options) {
    return {
        name: bearerAuthenticationPolicyName,
        async sendRequest(request, next) {
            // Ensure allowInsecureConnection is explicitly set when sending request to non-https URLs
            ensureSecureConnection(request, options);
            const scheme = (request.authSchemes ?? options.authSchemes)?.find((x) => x.kind === "http" && x.scheme === "bearer");
            // Skip adding authentication header if no bearer authentication scheme is found
            if (!scheme) {
                return next(request);
            }
            const token = await options.credential.getBearerToken({
                abortSignal: request.abortSignal,
            });
            request.headers.set("Authorization", `Bearer ${token}`);
            return next(request);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Name of the OAuth2 Authentication Policy
 */
const oauth2AuthenticationPolicyName = "oauth2AuthenticationPolicy";
/**
 * Gets a pipeline policy that adds authorization header from OAuth2 schemes
 */
function oauth2AuthenticationPolicy(options) {
    return {
        name: oauth2AuthenticationPolicyName,
        async sendRequest(request, next) {
            // Ensure allowInsecureConnection is explicitly set when sending request to non-https URLs
            ensureSecureConnection(request, options);
            const scheme = (request.authSchemes ?? options.authSchemes)?.find((x) => x.kind === "oauth2");
            // Skip adding authentication header if no OAuth2 authentication scheme is found
            if (!scheme) {
                return next(request);
            }
            const token = await options.credential.getOAuth2Token(scheme.flows, {
                abortSignal: request.abortSignal,
            });
            request.headers.set("Authorization", `Bearer ${token}`);
            return next(request);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
let cachedHttpClient;
/**
 * Creates a default rest pipeline to re-use accross Rest Level Clients
 */
function createDefaultPipeline$1(options = {}) {
    const pipeline = createPipelineFromOptions(options);
    pipeline.addPolicy(apiVersionPolicy$1(options));
    const { credential, authSchemes, allowInsecureConnection } = options;
    if (credential) {
        if (isApiKeyCredential(credential)) {
            pipeline.addPolicy(apiKeyAuthenticationPolicy({ authSchemes, credential, allowInsecureConnection }));
        }
        else if (isBasicCredential(credential)) {
            pipeline.addPolicy(basicAuthenticationPolicy({ authSchemes, credential, allowInsecureConnection }));
        }
        else if (isBearerTokenCredential(credential)) {
            pipeline.addPolicy(bearerAuthenticationPolicy({ authSchemes, credential, allowInsecureConnection }));
        }
        else if (isOAuth2TokenCredential(credential)) {
            pipeline.addPolicy(oauth2AuthenticationPolicy({ authSchemes, credential, allowInsecureConnection }));
        }
    }
    return pipeline;
}
function getCachedDefaultHttpsClient() {
    if (!cachedHttpClient) {
        cachedHttpClient = createDefaultHttpClient();
    }
    return cachedHttpClient;
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Get value of a header in the part descriptor ignoring case
 */
function getHeaderValue(descriptor, headerName) {
    if (descriptor.headers) {
        const actualHeaderName = Object.keys(descriptor.headers).find((x) => x.toLowerCase() === headerName.toLowerCase());
        if (actualHeaderName) {
            return descriptor.headers[actualHeaderName];
        }
    }
    return undefined;
}
function getPartContentType(descriptor) {
    const contentTypeHeader = getHeaderValue(descriptor, "content-type");
    if (contentTypeHeader) {
        return contentTypeHeader;
    }
    // Special value of null means content type is to be omitted
    if (descriptor.contentType === null) {
        return undefined;
    }
    if (descriptor.contentType) {
        return descriptor.contentType;
    }
    const { body } = descriptor;
    if (body === null || body === undefined) {
        return undefined;
    }
    if (typeof body === "string" || typeof body === "number" || typeof body === "boolean") {
        return "text/plain; charset=UTF-8";
    }
    if (body instanceof Blob) {
        return body.type || "application/octet-stream";
    }
    if (isBinaryBody(body)) {
        return "application/octet-stream";
    }
    // arbitrary non-text object -> generic JSON content type by default. We will try to JSON.stringify the body.
    return "application/json";
}
/**
 * Enclose value in quotes and escape special characters, for use in the Content-Disposition header
 */
function escapeDispositionField(value) {
    return JSON.stringify(value);
}
function getContentDisposition(descriptor) {
    const contentDispositionHeader = getHeaderValue(descriptor, "content-disposition");
    if (contentDispositionHeader) {
        return contentDispositionHeader;
    }
    if (descriptor.dispositionType === undefined &&
        descriptor.name === undefined &&
        descriptor.filename === undefined) {
        return undefined;
    }
    const dispositionType = descriptor.dispositionType ?? "form-data";
    let disposition = dispositionType;
    if (descriptor.name) {
        disposition += `; name=${escapeDispositionField(descriptor.name)}`;
    }
    let filename = undefined;
    if (descriptor.filename) {
        filename = descriptor.filename;
    }
    else if (typeof File !== "undefined" && descriptor.body instanceof File) {
        const filenameFromFile = descriptor.body.name;
        if (filenameFromFile !== "") {
            filename = filenameFromFile;
        }
    }
    if (filename) {
        disposition += `; filename=${escapeDispositionField(filename)}`;
    }
    return disposition;
}
function normalizeBody(body, contentType) {
    if (body === undefined) {
        // zero-length body
        return new Uint8Array([]);
    }
    // binary and primitives should go straight on the wire regardless of content type
    if (isBinaryBody(body)) {
        return body;
    }
    if (typeof body === "string" || typeof body === "number" || typeof body === "boolean") {
        return stringToUint8Array(String(body), "utf-8");
    }
    // stringify objects for JSON-ish content types e.g. application/json, application/merge-patch+json, application/vnd.oci.manifest.v1+json, application.json; charset=UTF-8
    if (contentType && /application\/(.+\+)?json(;.+)?/i.test(String(contentType))) {
        return stringToUint8Array(JSON.stringify(body), "utf-8");
    }
    throw new RestError(`Unsupported body/content-type combination: ${body}, ${contentType}`);
}
function buildBodyPart(descriptor) {
    const contentType = getPartContentType(descriptor);
    const contentDisposition = getContentDisposition(descriptor);
    const headers = createHttpHeaders(descriptor.headers ?? {});
    if (contentType) {
        headers.set("content-type", contentType);
    }
    if (contentDisposition) {
        headers.set("content-disposition", contentDisposition);
    }
    const body = normalizeBody(descriptor.body, contentType);
    return {
        headers,
        body,
    };
}
function buildMultipartBody(parts) {
    return { parts: parts.map(buildBodyPart) };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Helper function to send request used by the client
 * @param method - method to use to send the request
 * @param url - url to send the request to
 * @param pipeline - pipeline with the policies to run when sending the request
 * @param options - request options
 * @param customHttpClient - a custom HttpClient to use when making the request
 * @returns returns and HttpResponse
 */
async function sendRequest(method, url, pipeline, options = {}, customHttpClient) {
    const httpClient = customHttpClient ?? getCachedDefaultHttpsClient();
    const request = buildPipelineRequest(method, url, options);
    try {
        const response = await pipeline.sendRequest(httpClient, request);
        const headers = response.headers.toJSON();
        const stream = response.readableStreamBody ?? response.browserStreamBody;
        const parsedBody = options.responseAsStream || stream !== undefined ? undefined : getResponseBody(response);
        const body = stream ?? parsedBody;
        if (options?.onResponse) {
            options.onResponse({ ...response, request, rawHeaders: headers, parsedBody });
        }
        return {
            request,
            headers,
            status: `${response.status}`,
            body,
        };
    }
    catch (e) {
        if (isRestError(e) && e.response && options.onResponse) {
            const { response } = e;
            const rawHeaders = response.headers.toJSON();
            // UNBRANDED DIFFERENCE: onResponse callback does not have a second __legacyError property
            options?.onResponse({ ...response, request, rawHeaders }, e);
        }
        throw e;
    }
}
/**
 * Function to determine the request content type
 * @param options - request options InternalRequestParameters
 * @returns returns the content-type
 */
function getRequestContentType(options = {}) {
    if (options.contentType) {
        return options.contentType;
    }
    const headerContentType = options.headers?.["content-type"];
    if (typeof headerContentType === "string") {
        return headerContentType;
    }
    return getContentType(options.body);
}
/**
 * Function to determine the content-type of a body
 * this is used if an explicit content-type is not provided
 * @param body - body in the request
 * @returns returns the content-type
 */
function getContentType(body) {
    if (body === undefined) {
        return undefined;
    }
    if (ArrayBuffer.isView(body)) {
        return "application/octet-stream";
    }
    if (isBlob(body) && body.type) {
        return body.type;
    }
    if (typeof body === "string") {
        try {
            JSON.parse(body);
            return "application/json";
        }
        catch (error) {
            // If we fail to parse the body, it is not json
            return undefined;
        }
    }
    // By default return json
    return "application/json";
}
function buildPipelineRequest(method, url, options = {}) {
    const requestContentType = getRequestContentType(options);
    const { body, multipartBody } = getRequestBody(options.body, requestContentType);
    const headers = createHttpHeaders({
        ...(options.headers ? options.headers : {}),
        accept: options.accept ?? options.headers?.accept ?? "application/json",
        ...(requestContentType && {
            "content-type": requestContentType,
        }),
    });
    const { allowInsecureConnection, abortSignal, onUploadProgress, onDownloadProgress, timeout, responseAsStream, url: _url, method: _method, body: _body, multipartBody: _multiBody, headers: _headers, ...rest } = options;
    const request = createPipelineRequest({
        url,
        method,
        body,
        multipartBody,
        headers,
        allowInsecureConnection,
        abortSignal,
        onUploadProgress,
        onDownloadProgress,
        timeout,
        enableBrowserStreams: true,
        streamResponseStatusCodes: responseAsStream ? new Set([Number.POSITIVE_INFINITY]) : undefined,
    });
    Object.assign(request, rest);
    return request;
}
/**
 * Prepares the body before sending the request
 */
function getRequestBody(body, contentType = "") {
    if (body === undefined) {
        return { body: undefined };
    }
    if (typeof FormData !== "undefined" && body instanceof FormData) {
        return { body };
    }
    if (isBlob(body)) {
        return { body };
    }
    if (isReadableStream(body)) {
        return { body };
    }
    if (typeof body === "function") {
        return { body: body };
    }
    if (ArrayBuffer.isView(body)) {
        return {
            body: body instanceof Uint8Array ? body : JSON.stringify(body),
        };
    }
    const firstType = contentType.split(";")[0];
    switch (firstType) {
        case "application/json":
            return { body: JSON.stringify(body) };
        case "multipart/form-data":
            if (Array.isArray(body)) {
                return { multipartBody: buildMultipartBody(body) };
            }
            return { body: JSON.stringify(body) };
        case "text/plain":
            return { body: String(body) };
        default:
            if (typeof body === "string") {
                return { body };
            }
            return { body: JSON.stringify(body) };
    }
}
/**
 * Prepares the response body
 */
function getResponseBody(response) {
    // Set the default response type
    const contentType = response.headers.get("content-type") ?? "";
    const firstType = contentType.split(";")[0];
    const bodyToParse = response.bodyAsText ?? "";
    if (firstType === "text/plain") {
        return String(bodyToParse);
    }
    // Default to "application/json" and fallback to string;
    try {
        return bodyToParse ? JSON.parse(bodyToParse) : undefined;
    }
    catch (error) {
        // If we were supposed to get a JSON object and failed to
        // parse, throw a parse error
        if (firstType === "application/json") {
            throw createParseError(response, error);
        }
        // We are not sure how to handle the response so we return it as
        // plain text.
        return String(bodyToParse);
    }
}
function createParseError(response, err) {
    const msg = `Error "${err}" occurred while parsing the response body - ${response.bodyAsText}.`;
    const errCode = err.code ?? RestError.PARSE_ERROR;
    return new RestError(msg, {
        code: errCode,
        statusCode: response.status,
        request: response.request,
        response: response,
    });
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
function isQueryParameterWithOptions(x) {
    if (typeof x !== "object" || x === null || !Object.hasOwn(x, "value")) {
        return false;
    }
    const value = x.value;
    return typeof value?.toString === "function";
}
/**
 * Builds the request url, filling in query and path parameters
 * @param endpoint - base url which can be a template url
 * @param routePath - path to append to the endpoint
 * @param pathParameters - values of the path parameters
 * @param options - request parameters including query parameters
 * @returns a full url with path and query parameters
 */
function buildRequestUrl(endpoint, routePath, pathParameters, options = {}) {
    if (routePath.startsWith("https://") || routePath.startsWith("http://")) {
        return routePath;
    }
    endpoint = buildBaseUrl(endpoint, options);
    // the route could be
    //   1. a path: "container123/blob456"
    //   2. a component string from template which starts with "?" and may contain more "?" after template is expanded,
    //      e.g., "?restype=container&comp=blobs?where=key177196556777405927%3D%27val1177196556777407626%27"
    const updatedRoutePath = buildRoutePath(routePath, pathParameters, options);
    const requestUrl = appendQueryParams(appendPath(endpoint, updatedRoutePath), options);
    const url = new URL(requestUrl);
    return url.toString();
}
function appendPath(endpoint, pathToAppend) {
    const endpointSearchStart = endpoint.indexOf("?");
    const pathSearchStart = pathToAppend.indexOf("?");
    const endpointParts = endpointSearchStart !== -1
        ? [endpoint.substring(0, endpointSearchStart), endpoint.substring(endpointSearchStart + 1)]
        : [endpoint, ""];
    const pathParts = pathSearchStart !== -1
        ? [pathToAppend.substring(0, pathSearchStart), pathToAppend.substring(pathSearchStart + 1)]
        : [pathToAppend, ""];
    const combinedSearch = [endpointParts[1], pathParts[1].replaceAll("?", "&")]
        .filter(Boolean)
        .join("&");
    // Replace consecutive forward slashes with a single forward slash, but only for the part right after the host in the endpoint.
    // This is to maintain compatibility with old behavior for cases where the endpoint has been provided with extra forward slashes,
    // while still allowing for intentional consecutive forward slashes in the path to be preserved.
    const baseEndpoint = endpointParts[0].replace(/(^[^:]+:\/\/[^/]+)\/\/+/, "$1/");
    const basePathToAppend = pathParts[0];
    let combinedUrl = baseEndpoint;
    if (!baseEndpoint.endsWith("/") && !basePathToAppend.startsWith("/") && basePathToAppend !== "") {
        combinedUrl += `/${basePathToAppend}`;
    }
    else if (baseEndpoint.endsWith("/") && basePathToAppend.startsWith("/")) {
        combinedUrl += basePathToAppend.substring(1);
    }
    else {
        combinedUrl += basePathToAppend;
    }
    if (combinedSearch) {
        combinedUrl += `?${combinedSearch}`;
    }
    return combinedUrl;
}
function getQueryParamValue(key, allowReserved, style, param) {
    let separator;
    if (style === "pipeDelimited") {
        separator = "|";
    }
    else if (style === "spaceDelimited") {
        separator = "%20";
    }
    else {
        separator = ",";
    }
    let paramValues;
    if (Array.isArray(param)) {
        paramValues = param;
    }
    else if (typeof param === "object" && param.toString === Object.prototype.toString) {
        // If the parameter is an object without a custom toString implementation (e.g. a Date),
        // then we should deconstruct the object into an array [key1, value1, key2, value2, ...].
        paramValues = Object.entries(param).flat();
    }
    else {
        paramValues = [param];
    }
    const value = paramValues
        .map((p) => {
        if (p === null || p === undefined) {
            return "";
        }
        if (!p.toString || typeof p.toString !== "function") {
            throw new Error(`Query parameters must be able to be represented as string, ${key} can't`);
        }
        const rawValue = p.toISOString !== undefined ? p.toISOString() : p.toString();
        return allowReserved ? rawValue : encodeURIComponent(rawValue);
    })
        .join(separator);
    return `${allowReserved ? key : encodeURIComponent(key)}=${value}`;
}
/**
 * Parses a query string into a map of key/value pairs without decoding the values.
 * This avoids the issue where `URL.searchParams` would decode values, potentially
 * corrupting already-encoded values such as SAS signatures.
 */
function simpleParseQueryParams(queryString) {
    const result = new Map();
    if (!queryString || queryString[0] !== "?") {
        return result;
    }
    // remove the leading ?
    queryString = queryString.slice(1);
    const pairs = queryString.split("&");
    for (const pair of pairs) {
        const eqIndex = pair.indexOf("=");
        const name = eqIndex === -1 ? pair : pair.substring(0, eqIndex);
        const value = eqIndex === -1 ? "" : pair.substring(eqIndex + 1);
        const existingValue = result.get(name);
        if (existingValue !== undefined) {
            if (Array.isArray(existingValue)) {
                existingValue.push(value);
            }
            else {
                result.set(name, [existingValue, value]);
            }
        }
        else {
            result.set(name, value);
        }
    }
    return result;
}
/** @internal */
function appendQueryParams(url, options = {}) {
    if (!options.queryParameters) {
        return url;
    }
    const parsedUrl = new URL(url);
    const queryParams = options.queryParameters;
    // Parse existing query params from the URL manually to avoid re-encoding issues
    const existingParams = simpleParseQueryParams(parsedUrl.search);
    const newParamStrings = [];
    for (const key of Object.keys(queryParams)) {
        const param = queryParams[key];
        if (param === undefined || param === null) {
            continue;
        }
        const hasMetadata = isQueryParameterWithOptions(param);
        const rawValue = hasMetadata ? param.value : param;
        const explode = hasMetadata ? (param.explode ?? false) : false;
        const style = hasMetadata && param.style ? param.style : "form";
        if (explode) {
            if (Array.isArray(rawValue)) {
                for (const item of rawValue) {
                    newParamStrings.push(getQueryParamValue(key, options.skipUrlEncoding ?? false, style, item));
                }
            }
            else if (rawValue !== null && typeof rawValue === "object") {
                // For object explode, the name of the query parameter is ignored and we use the object key instead
                for (const [actualKey, value] of Object.entries(rawValue)) {
                    newParamStrings.push(getQueryParamValue(actualKey, options.skipUrlEncoding ?? false, style, value));
                }
            }
            else {
                // Explode doesn't really make sense for primitives
                throw new Error("explode can only be set to true for objects and arrays");
            }
        }
        else {
            newParamStrings.push(getQueryParamValue(key, options.skipUrlEncoding ?? false, style, rawValue));
        }
    }
    // Merge new params into existing params, deduplicating values for the same key
    for (const paramString of newParamStrings) {
        const eqIndex = paramString.indexOf("=");
        const name = paramString.substring(0, eqIndex);
        const value = paramString.substring(eqIndex + 1);
        const existingValue = existingParams.get(name);
        if (existingValue !== undefined) {
            if (Array.isArray(existingValue)) {
                if (!existingValue.includes(value)) {
                    existingValue.push(value);
                }
            }
            else if (existingValue !== value) {
                existingParams.set(name, [existingValue, value]);
            }
            // if existingValue === value (single string match), no change needed
        }
        else {
            existingParams.set(name, value);
        }
    }
    // Reconstruct the search string manually to avoid URL re-encoding
    const searchPieces = [];
    for (const [name, value] of existingParams) {
        if (Array.isArray(value)) {
            for (const subValue of value) {
                searchPieces.push(`${name}=${subValue}`);
            }
        }
        else {
            searchPieces.push(`${name}=${value}`);
        }
    }
    parsedUrl.search = searchPieces.length ? `?${searchPieces.join("&")}` : "";
    return parsedUrl.toString();
}
function buildBaseUrl(endpoint, options) {
    if (!options.pathParameters) {
        return endpoint;
    }
    const pathParams = options.pathParameters;
    for (const [key, param] of Object.entries(pathParams)) {
        if (param === undefined || param === null) {
            throw new Error(`Path parameters ${key} must not be undefined or null`);
        }
        if (!param.toString || typeof param.toString !== "function") {
            throw new Error(`Path parameters must be able to be represented as string, ${key} can't`);
        }
        let value = param.toISOString !== undefined ? param.toISOString() : String(param);
        if (!options.skipUrlEncoding) {
            value = encodeURIComponent(param);
        }
        endpoint = replaceAll(endpoint, `{${key}}`, value) ?? "";
    }
    return endpoint;
}
function buildRoutePath(routePath, pathParameters, options = {}) {
    for (const pathParam of pathParameters) {
        const allowReserved = typeof pathParam === "object" && (pathParam.allowReserved ?? false);
        let value = typeof pathParam === "object" ? pathParam.value : pathParam;
        if (!options.skipUrlEncoding && !allowReserved) {
            value = encodeURIComponent(value);
        }
        routePath = routePath.replace(/\{[\w-]+\}/, String(value));
    }
    return routePath;
}
/**
 * Replace all of the instances of searchValue in value with the provided replaceValue.
 * @param value - The value to search and replace in.
 * @param searchValue - The value to search for in the value argument.
 * @param replaceValue - The value to replace searchValue with in the value argument.
 * @returns The value where each instance of searchValue was replaced with replacedValue.
 */
function replaceAll(value, searchValue, replaceValue) {
    return !value || !searchValue ? value : value.split(searchValue).join(replaceValue || "");
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Creates a client with a default pipeline
 * @param endpoint - Base endpoint for the client
 * @param credentials - Credentials to authenticate the requests
 * @param options - Client options
 */
function getClient$1(endpoint, clientOptions = {}) {
    const pipeline = clientOptions.pipeline ?? createDefaultPipeline$1(clientOptions);
    if (clientOptions.additionalPolicies?.length) {
        for (const { policy, position } of clientOptions.additionalPolicies) {
            // Sign happens after Retry and is commonly needed to occur
            // before policies that intercept post-retry.
            const afterPhase = position === "perRetry" ? "Sign" : undefined;
            pipeline.addPolicy(policy, {
                afterPhase,
            });
        }
    }
    const { allowInsecureConnection, httpClient } = clientOptions;
    const endpointUrl = clientOptions.endpoint ?? endpoint;
    const client = (path, ...args) => {
        const getUrl = (requestOptions) => buildRequestUrl(endpointUrl, path, args, { ...requestOptions });
        return {
            get: (requestOptions = {}) => {
                return buildOperation("GET", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            post: (requestOptions = {}) => {
                return buildOperation("POST", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            put: (requestOptions = {}) => {
                return buildOperation("PUT", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            patch: (requestOptions = {}) => {
                return buildOperation("PATCH", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            delete: (requestOptions = {}) => {
                return buildOperation("DELETE", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            head: (requestOptions = {}) => {
                return buildOperation("HEAD", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            options: (requestOptions = {}) => {
                return buildOperation("OPTIONS", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
            trace: (requestOptions = {}) => {
                return buildOperation("TRACE", getUrl(requestOptions), pipeline, requestOptions, allowInsecureConnection, httpClient);
            },
        };
    };
    return {
        path: client,
        pathUnchecked: client,
        pipeline,
    };
}
function buildOperation(method, url, pipeline, options, allowInsecureConnection, httpClient) {
    allowInsecureConnection = options.allowInsecureConnection ?? allowInsecureConnection;
    return {
        then: function (onFulfilled, onrejected) {
            return sendRequest(method, url, pipeline, { ...options, allowInsecureConnection }, httpClient).then(onFulfilled, onrejected);
        },
        async asBrowserStream() {
            {
                throw new Error("`asBrowserStream` is supported only in the browser environment. Use `asNodeStream` instead to obtain the response body stream. If you require a Web stream of the response in Node, consider using `Readable.toWeb` on the result of `asNodeStream`.");
            }
        },
        async asNodeStream() {
            {
                return sendRequest(method, url, pipeline, { ...options, allowInsecureConnection, responseAsStream: true }, httpClient);
            }
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Helper function to convert OperationOptions to RequestParameters
 * @param options - the options that are used by Modular layer to send the request
 * @returns the result of the conversion in RequestParameters of RLC layer
 */
function operationOptionsToRequestParameters$1(options) {
    return {
        allowInsecureConnection: options.requestOptions?.allowInsecureConnection,
        timeout: options.requestOptions?.timeout,
        skipUrlEncoding: options.requestOptions?.skipUrlEncoding,
        abortSignal: options.abortSignal,
        onUploadProgress: options.requestOptions?.onUploadProgress,
        onDownloadProgress: options.requestOptions?.onDownloadProgress,
        headers: { ...options.requestOptions?.headers },
        onResponse: options.onResponse,
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
function createRestError$1(messageOrResponse, response) {
    const resp = typeof messageOrResponse === "string" ? response : messageOrResponse;
    const internalError = resp.body?.error ?? resp.body;
    const message = typeof messageOrResponse === "string"
        ? messageOrResponse
        : (internalError?.message ?? `Unexpected status code: ${resp.status}`);
    return new RestError(message, {
        statusCode: statusCodeToNumber(resp.status),
        code: internalError?.code,
        request: resp.request,
        response: toPipelineResponse(resp),
    });
}
function toPipelineResponse(errorResponse) {
    return {
        headers: createHttpHeaders(errorResponse.headers),
        request: errorResponse.request,
        status: statusCodeToNumber(errorResponse.status) ?? -1,
        ...(typeof errorResponse.body === "string" ? { bodyAsText: errorResponse.body } : {}),
    };
}
function statusCodeToNumber(statusCode) {
    const status = Number.parseInt(statusCode);
    return Number.isNaN(status) ? undefined : status;
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
function createRestError(messageOrResponse, response) {
    if (typeof messageOrResponse === "string") {
        return createRestError$1(messageOrResponse, response);
    }
    else {
        return createRestError$1(messageOrResponse);
    }
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Helper TypeGuard that checks if something is defined or not.
 * @param thing - Anything
 */
function isDefined(thing) {
    return typeof thing !== "undefined" && thing !== null;
}
/**
 * Helper TypeGuard that checks if the input is an object with the specified properties.
 * @param thing - Anything.
 * @param properties - The name of the properties that should appear in the object.
 */
function isObjectWithProperties(thing, properties) {
    if (!isDefined(thing) || typeof thing !== "object") {
        return false;
    }
    for (const property of properties) {
        if (!objectHasProperty(thing, property)) {
            return false;
        }
    }
    return true;
}
/**
 * Helper TypeGuard that checks if the input is an object with the specified property.
 * @param thing - Any object.
 * @param property - The name of the property that should appear in the object.
 */
function objectHasProperty(thing, property) {
    return (isDefined(thing) && typeof thing === "object" && property in thing);
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Tests an object to determine whether it implements KeyCredential.
 *
 * @param credential - The assumed KeyCredential to be tested.
 */
function isKeyCredential$1(credential) {
    return isObjectWithProperties(credential, ["key"]) && typeof credential.key === "string";
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
const apiVersionPolicyName = "ApiVersionPolicy";
/**
 * Creates a policy that sets the apiVersion as a query parameter on every request
 * @param options - Client options
 * @returns Pipeline policy that sets the apiVersion as a query parameter on every request
 */
function apiVersionPolicy(options) {
    return {
        name: apiVersionPolicyName,
        sendRequest: (req, next) => {
            // Use the apiVesion defined in request url directly
            // Append one if there is no apiVesion and we have one at client options
            const url = new URL(req.url);
            if (!url.searchParams.get("api-version") && options.apiVersion) {
                req.url = `${req.url}${url.searchParams.size > 0 ? "&" : "?"}api-version=${options.apiVersion}`;
            }
            return next(req);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * The programmatic identifier of the bearerTokenAuthenticationPolicy.
 */
const keyCredentialAuthenticationPolicyName = "keyCredentialAuthenticationPolicy";
function keyCredentialAuthenticationPolicy(credential, apiKeyHeaderName) {
    return {
        name: keyCredentialAuthenticationPolicyName,
        sendRequest(request, next) {
            request.headers.set(apiKeyHeaderName, credential.key);
            return next(request);
        },
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Adds a credential policy to the pipeline if a credential is provided. If none is provided, no policy is added.
 */
function addCredentialPipelinePolicy(pipeline, endpoint, options = {}) {
    const { credential, clientOptions } = options;
    if (!credential) {
        return;
    }
    if (isTokenCredential(credential)) {
        const tokenPolicy = bearerTokenAuthenticationPolicy({
            credential,
            scopes: clientOptions?.credentials?.scopes ?? `${endpoint}/.default`,
        });
        pipeline.addPolicy(tokenPolicy);
    }
    else if (isKeyCredential(credential)) {
        if (!clientOptions?.credentials?.apiKeyHeaderName) {
            throw new Error(`Missing API Key Header Name`);
        }
        const keyPolicy = keyCredentialAuthenticationPolicy(credential, clientOptions?.credentials?.apiKeyHeaderName);
        pipeline.addPolicy(keyPolicy);
    }
}
/**
 * Creates a default rest pipeline to re-use accross Rest Level Clients
 */
function createDefaultPipeline(endpoint, credential, options = {}) {
    const pipeline = createPipelineFromOptions$1(options);
    pipeline.addPolicy(apiVersionPolicy(options));
    addCredentialPipelinePolicy(pipeline, endpoint, { credential, clientOptions: options });
    return pipeline;
}
function isKeyCredential(credential) {
    return (typeof credential === "object" &&
        credential !== null &&
        "key" in credential &&
        typeof credential.key === "string");
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Helper function to convert OperationOptions to RequestParameters
 * @param options - the options that are used by Modular layer to send the request
 * @returns the result of the conversion in RequestParameters of RLC layer
 */
function operationOptionsToRequestParameters(options) {
    const tspRequestParameters = operationOptionsToRequestParameters$1(options);
    return {
        ...tspRequestParameters,
        tracingOptions: options.tracingOptions,
    };
}

// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
/**
 * Function to wrap RequestParameters so that we get the legacy onResponse behavior in core-client-rest
 */
function wrapRequestParameters(parameters) {
    if (parameters.onResponse) {
        return {
            ...parameters,
            onResponse(rawResponse, error) {
                parameters.onResponse?.(rawResponse, error, error);
            },
        };
    }
    return parameters;
}
function getClient(endpoint, credentialsOrPipelineOptions, clientOptions = {}) {
    let credentials;
    if (credentialsOrPipelineOptions) {
        if (isCredential(credentialsOrPipelineOptions)) {
            credentials = credentialsOrPipelineOptions;
        }
        else {
            clientOptions = credentialsOrPipelineOptions ?? {};
        }
    }
    const pipeline = clientOptions.pipeline ?? createDefaultPipeline(endpoint, credentials, clientOptions);
    const tspClient = getClient$1(endpoint, {
        ...clientOptions,
        pipeline,
    });
    const client = (path, ...args) => {
        return {
            get: (requestOptions = {}) => {
                return tspClient.path(path, ...args).get(wrapRequestParameters(requestOptions));
            },
            post: (requestOptions = {}) => {
                return tspClient.path(path, ...args).post(wrapRequestParameters(requestOptions));
            },
            put: (requestOptions = {}) => {
                return tspClient.path(path, ...args).put(wrapRequestParameters(requestOptions));
            },
            patch: (requestOptions = {}) => {
                return tspClient.path(path, ...args).patch(wrapRequestParameters(requestOptions));
            },
            delete: (requestOptions = {}) => {
                return tspClient.path(path, ...args).delete(wrapRequestParameters(requestOptions));
            },
            head: (requestOptions = {}) => {
                return tspClient.path(path, ...args).head(wrapRequestParameters(requestOptions));
            },
            options: (requestOptions = {}) => {
                return tspClient.path(path, ...args).options(wrapRequestParameters(requestOptions));
            },
            trace: (requestOptions = {}) => {
                return tspClient.path(path, ...args).trace(wrapRequestParameters(requestOptions));
            },
        };
    };
    return {
        path: client,
        pathUnchecked: client,
        pipeline: tspClient.pipeline,
    };
}
function isCredential(param) {
    return isKeyCredential$1(param) || isTokenCredential(param);
}

function fromArm(version) {
    const name = version.name ?? '';
    const profile = version.publishingProfile ?? {};
    const targetRegions = profile.targetRegions ?? [];
    const replication = new Map((version.replicationStatus?.summary ?? []).map((s) => [normaliseRegion(s.region ?? ''), s]));
    const regions = targetRegions.map((region) => {
        const status = replication.get(normaliseRegion(region.name));
        return {
            name: normaliseRegion(region.name),
            displayName: region.name,
            replicas: region.regionalReplicaCount ?? profile.replicaCount ?? 1,
            excludeFromLatest: region.excludeFromLatest,
            replication: status
                ? { state: status.state ?? 'Unknown', details: status.details ?? '', progress: status.progress }
                : undefined,
        };
    });
    const safety = version.safetyProfile;
    return {
        name,
        parts: parseVersion(name) ?? [0, 0, 0],
        id: version.id ?? '',
        tags: { ...(version.tags ?? {}) },
        provisioningState: version.provisioningState ?? 'Unknown',
        endOfLife: profile.endOfLifeDate ? new Date(profile.endOfLifeDate) : undefined,
        excludeFromLatest: profile.excludeFromLatest ?? false,
        regions,
        policyViolations: safety?.reportedForPolicyViolation
            ? (safety.policyViolations ?? []).map((v) => `${v.category ?? 'Other'}${v.details ? `: ${v.details}` : ''}`)
            : undefined,
        replicationState: version.replicationStatus?.aggregatedState,
        targetRegions,
    };
}
function parseVersion(name) {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(name);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}
/** Numeric MAJOR.MINOR.PATCH order, the order Azure uses for `latest` (not string order, not date order). */
function compareVersions(a, b) {
    for (let i = 0; i < 3; i++) {
        const diff = a.parts[i] - b.parts[i];
        if (diff !== 0)
            return diff;
    }
    return 0;
}
/** Effective exclusion in one region: the per-region flag wins over the global one. */
function excludedIn(version, region) {
    const entry = version.regions.find((r) => r.name === region);
    return entry?.excludeFromLatest ?? version.excludeFromLatest;
}

const MAX_TAG_VALUE = 256;
function tagKey(ring, field) {
    return `ring.${ring}.${field}`;
}
/** The version's record for one ring, if it was ever promoted there (a malformed time counts as absent). */
function ringEntry(version, ring) {
    const tags = version.tags;
    const at = parseTime(tags[tagKey(ring, 'at')]);
    if (!at)
        return undefined;
    return {
        ring,
        at,
        by: tags[tagKey(ring, 'by')],
        run: tags[tagKey(ring, 'run')],
        sha: tags[tagKey(ring, 'sha')],
        approvers: (tags[tagKey(ring, 'approvers')] ?? '').split(',').filter(Boolean),
        rolledBackAt: parseTime(tags[tagKey(ring, 'rolledback')]),
    };
}
/**
 * Versions the ring has held, newest promotion first, rolled-back ones left out.
 * The first is what the ring holds now; the second is where a rollback returns to.
 */
function ringHistory(versions, ring) {
    return versions
        .flatMap((version) => {
        const entry = ringEntry(version, ring);
        return entry && !entry.rolledBackAt ? [{ version, entry }] : [];
    })
        .sort((a, b) => b.entry.at.getTime() - a.entry.at.getTime() || compareVersions(b.version, a.version));
}
/** Tags that record a promotion into the ring; `rolledback` is cleared because this promotion is explicit. */
function promotionTags(ring, record) {
    const set = { [tagKey(ring, 'at')]: record.at.toISOString() };
    if (record.actor)
        set[tagKey(ring, 'by')] = clip(record.actor);
    if (record.runUrl)
        set[tagKey(ring, 'run')] = clip(record.runUrl);
    if (record.sha)
        set[tagKey(ring, 'sha')] = clip(record.sha);
    if (record.approvedBy.length > 0)
        set[tagKey(ring, 'approvers')] = clip(record.approvedBy.join(','));
    const remove = [tagKey(ring, 'rolledback')];
    if (record.approvedBy.length === 0)
        remove.push(tagKey(ring, 'approvers'));
    return { set, remove };
}
function rollbackTags(ring, at) {
    return { set: { [tagKey(ring, 'rolledback')]: at.toISOString() }, remove: [] };
}
function clip(value) {
    return value.length <= MAX_TAG_VALUE ? value : value.slice(0, MAX_TAG_VALUE);
}
function parseTime(value) {
    if (!value)
        return undefined;
    const time = new Date(value);
    return Number.isNaN(time.getTime()) ? undefined : time;
}

// How Azure resolves `latest`, and which flags must change for it to resolve to one chosen version.
//
// Azure picks, per region, the highest MAJOR.MINOR.PATCH among versions replicated there that are not
// excluded (the per-region flag wins over the global one). So to make `latest` = H, every version
// above H must be excluded and H itself included; versions below H never matter.
/** `latest` per region; undefined where no version is eligible. */
function resolveLatest(versions, regions) {
    const result = new Map();
    for (const region of regions) {
        let best;
        for (const version of versions) {
            if (version.provisioningState !== 'Succeeded' && version.provisioningState !== 'Updating')
                continue;
            if (!version.regions.some((r) => r.name === region) || excludedIn(version, region))
                continue;
            if (!best || compareVersions(version, best) > 0)
                best = version;
        }
        result.set(region, best?.name);
    }
    return result;
}
/** Every region any version is replicated to, sorted (the default scope of `latest`). */
function allRegions(versions) {
    return [...new Set(versions.flatMap((v) => v.regions.map((r) => r.name)))].sort();
}
/**
 * The flag writes that make `latest` resolve to `holder` in `scope`, in a safe order:
 * include the holder first (while a higher version is still visible, nothing changes for deployers),
 * then exclude the higher versions from the lowest up, so `latest` only ever moves from what it was to the holder.
 * `scope` undefined means every region and the global flag.
 */
function latestFlagChanges(versions, holder, scope) {
    const include = needsFlag(holder, false, scope) ? [{ version: holder, exclude: false }] : [];
    const exclude = versions
        .filter((v) => v.name !== holder.name && compareVersions(v, holder) > 0 && needsFlag(v, true, scope))
        .sort(compareVersions)
        .map((version) => ({ version, exclude: true }));
    return [...include, ...exclude];
}
/** True when the version's effective flag differs from `exclude` in any region of the scope. */
function needsFlag(version, exclude, scope) {
    if (!scope && version.excludeFromLatest !== exclude)
        return true;
    return version.regions.some((r) => (!scope || scope.includes(r.name)) && (r.excludeFromLatest ?? version.excludeFromLatest) !== exclude);
}

// Long-running ARM operations (PATCH, PUT, DELETE answered with an operation to poll), sent through an ARM
// client's own pipeline so auth, retries, user agent and request ids stay the SDK's. Replaces the SDK poller,
// which polls once right after the first response whatever its Retry-After says, sleeps 2 s between polls when
// Azure gives no advice, and GETs the resource again at the end (the callers verify by re-reading anyway).
/**
 * With no Retry-After the client cannot know when the operation ends: poll soon, then back off, so a quick
 * operation is noticed within a few hundred milliseconds and a long one costs about one poll per 5 s.
 */
const NO_ADVICE_DELAYS_MS = [250, 375, 560, 850, 1_250, 1_900, 2_800, 4_200, 5_000];
/** Sends the write and waits until Azure reports the operation terminal. Throws a StepError when it failed. */
async function runLro(arm, write, options) {
    const initial = await send(arm, write.method, arm.endpoint + write.path, options.abortSignal, write.body);
    if (initial.status < 200 || initial.status > 299)
        throw responseError(options.step, initial);
    const monitor = monitorOf(initial);
    if (!monitor)
        return finishedInBody(options.step, initial);
    // Polls carry the ARM token: only to ARM itself (it proxies every provider's operation URLs).
    if (!sameOrigin(monitor.url, arm.endpoint)) {
        throw new StepError(options.step, 'UnexpectedOperationUrl', `Azure answered with an operation to poll outside ${arm.endpoint}; not following it`);
    }
    // `Retry-After: 0` on the write's own response says the operation may be done already: poll at once.
    await poll(arm, monitor, retryAfterMs(initial.headers), options);
}
/**
 * `Azure-AsyncOperation` carries the operation's status in its body; `Location` answers 202 until done.
 * ARM prefers the former when both are sent.
 */
function monitorOf(response) {
    const asyncOperation = response.headers.get('azure-asyncoperation');
    if (asyncOperation)
        return { kind: 'async-operation', url: asyncOperation };
    const location = response.headers.get('location');
    if (location && response.status === 202)
        return { kind: 'location', url: location };
    return undefined;
}
/**
 * Polls the monitor URL until a terminal state, sleeping `firstDelayMs` first (undefined: the backoff's first
 * step), then before every further poll the Retry-After of the last poll, or the next backoff step without one.
 * A poll's `Retry-After: 0` counts as no advice: the operation was running a moment ago, and taken literally
 * the zero would make a busy loop against ARM's read quota.
 */
async function poll(arm, monitor, firstDelayMs, options) {
    const backoff = options.noAdviceDelaysMs ?? NO_ADVICE_DELAYS_MS;
    let steps = 0;
    const nextStep = () => backoff[Math.min(steps++, backoff.length - 1)];
    let wait = firstDelayMs ?? nextStep();
    for (;;) {
        if (wait > 0)
            await setTimeout(wait, undefined, { signal: options.abortSignal });
        const response = await send(arm, 'GET', monitor.url, options.abortSignal);
        if (isDone(monitor, response, options.step))
            return;
        wait = retryAfterMs(response.headers) || nextStep();
    }
}
/** true when the operation succeeded, false while it runs; throws when it failed or the poll was refused. */
function isDone(monitor, response, step) {
    if (monitor.kind === 'location') {
        if (response.status === 202)
            return false;
        if (response.status >= 200 && response.status <= 299)
            return true;
        throw responseError(step, response);
    }
    if (response.status < 200 || response.status > 299)
        throw responseError(step, response);
    const body = parseBody(response);
    const status = String(body?.status ?? '').toLowerCase();
    if (status === 'succeeded')
        return true;
    if (status === 'failed')
        throw failed(step, body?.error);
    if (status === 'canceled' || status === 'cancelled')
        throw canceled(step, body?.error);
    return false;
}
/** No monitor header: the write finished with its response (or says it failed in its body). */
function finishedInBody(step, response) {
    const body = parseBody(response);
    const state = body?.properties?.provisioningState?.toLowerCase();
    if (state === 'failed')
        throw failed(step, undefined);
    if (state === 'canceled')
        throw canceled(step, undefined);
}
function failed(step, error) {
    return new StepError(step, error?.code ?? 'Failed', `the operation failed: ${error?.message || 'no message'}`);
}
function canceled(step, error) {
    const why = error?.message ? ` (${error.code ?? 'Canceled'}: ${error.message})` : '';
    return new StepError(step, 'Canceled', `the long-running operation was canceled by Azure${why}`);
}
/** Azure's error code and message from an error response; never the request or its headers. */
function responseError(step, response) {
    const body = parseBody(response);
    const code = body?.error?.code ?? `HTTP ${response.status}`;
    const message = body?.error?.message ?? `the request failed with HTTP status ${response.status}`;
    return new StepError(step, code, message);
}
function sameOrigin(url, endpoint) {
    try {
        return new URL(url).origin === new URL(endpoint).origin;
    }
    catch {
        return false;
    }
}
function parseBody(response) {
    if (!response.bodyAsText)
        return undefined;
    try {
        return JSON.parse(response.bodyAsText);
    }
    catch {
        return undefined;
    }
}
/** `Retry-After` in milliseconds, as seconds or an HTTP date (0 when it is now or past); undefined without one. */
function retryAfterMs(headers, now = Date.now()) {
    const value = headers.get('retry-after')?.trim();
    if (!value)
        return undefined;
    const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
    return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}
function send(arm, method, url, abortSignal, body) {
    const headers = createHttpHeaders$1({ accept: 'application/json' });
    if (body !== undefined)
        headers.set('content-type', 'application/json');
    const request = createPipelineRequest$1({
        url,
        method,
        headers,
        abortSignal,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return arm.pipeline.sendRequest(arm.httpClient, request);
}

// Scan evidence for Compute Gallery image versions, which have no native scan record: the build pipeline
// writes the scan result as tags on the image version.
//
//   scan.critical   number of open critical findings (whole number, 0-100000)
//   scan.high       number of open high findings
//   scan.medium     number of open medium findings
//   scan.low        number of open low findings
//   scan.tool       scanner name and version, e.g. `trivy 0.58.1` (optional, shown in reports)
//   scan.at         when the scan ran, ISO 8601, e.g. `2026-11-20T10:00:00Z` (optional)
//
// Tag names match case-insensitively (Azure tag names are case-insensitive). The tags count as evidence when
// at least one scan.<severity> key is present; severities not written count as 0, so write every severity
// your threshold covers. Each count becomes that many synthetic findings (`tags:critical#1`, …) so the gate
// treats them like any report; allowances cannot name real vulnerability ids here.
const SCAN_TAG_SEVERITIES = ['critical', 'high', 'medium', 'low'];
const MAX_TAG_COUNT = 100_000;
/** ParsedReport of format `tags`, or undefined when the tags hold no scan counts. */
function scanEvidenceFromTags(tags, source = 'image version tags') {
    const lookup = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), { key: k, value: String(v).trim() }]));
    const findings = [];
    let present = false;
    for (const severity of SCAN_TAG_SEVERITIES) {
        const tag = lookup.get(`scan.${severity}`);
        if (!tag)
            continue;
        present = true;
        const count = /^\d{1,6}$/.test(tag.value) ? Number(tag.value) : Number.NaN;
        if (!(count <= MAX_TAG_COUNT)) {
            throw new UsageError(`${source}: tag ${tag.key} has an invalid value ${JSON.stringify(tag.value.slice(0, 40))}: ` +
                `expected a whole number of findings (0-${MAX_TAG_COUNT}).`);
        }
        for (let i = 1; i <= count; i++) {
            findings.push({ id: `tags:${severity}#${i}`, severity, title: `counted in tag ${tag.key}`, source });
        }
    }
    if (!present)
        return undefined;
    const report = { path: source, format: 'tags', subjectDigests: [], findings };
    const tool = lookup.get('scan.tool')?.value;
    if (tool)
        report.tool = tool.slice(0, 100);
    const at = lookup.get('scan.at');
    if (at?.value) {
        const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/i.test(at.value)
            ? new Date(at.value)
            : undefined;
        if (!date || Number.isNaN(date.getTime())) {
            throw new UsageError(`${source}: tag ${at.key} has an invalid value ${JSON.stringify(at.value.slice(0, 40))}: ` +
                'expected an ISO 8601 time like 2026-11-20T10:00:00Z.');
        }
        report.scannedAt = date;
    }
    return report;
}

function planGallery(state, ctx, ref, versionId) {
    const ring = ctx.ring;
    const subject = state.subject;
    const plan = {
        target: ref,
        operation: ctx.operation,
        ring: ring.name,
        version: subject?.name ?? '',
        imageId: subject ? subject.id || versionId(subject.name) : '',
        regions: [],
        gates: [],
        changes: [],
        transitions: [],
        notes: [...state.notes],
    };
    if (!subject) {
        plan.gates.push({
            id: 'exists',
            title: 'Version exists',
            status: 'fail',
            details: state.missing ?? 'not found',
        });
        return plan;
    }
    const history = ringHistory(state.versions, ring.name);
    const holderBefore = history[0]?.version;
    plan.regions = ring.regions ?? subject.regions.map((r) => r.name);
    plan.gates.push(...versionGates(subject, ctx, plan.regions));
    plan.gates.push(...ringPolicyGates(ctx, subject.name, (name) => ringEntry(subject, name)));
    const writes = ctx.operation === 'rollback' ? rollbackWrites(state, ctx) : promoteWrites(state, ctx, holderBefore);
    plan.changes = writes.map((write) => toChange(write));
    plan.previousVersion =
        ctx.operation === 'rollback' ? state.rollbackFrom?.name : previousOf(state, ctx, holderBefore);
    if (ctx.operation === 'promote' && subject.tags[tagKey(ring.name, 'rolledback')]) {
        plan.gates.push({
            id: 'rolled-back',
            title: 'Earlier rollback',
            status: 'warn',
            details: `${subject.name} was rolled back from ${ring.name} at ${subject.tags[tagKey(ring.name, 'rolledback')]}; it is promoted again because it was named explicitly`,
        });
    }
    plan.transitions = transitions(state, ctx, writes, holderBefore);
    try {
        const tagged = scanEvidenceFromTags(subject.tags, `tags of version ${subject.name}`);
        if (tagged)
            plan.evidence = [tagged];
    }
    catch (error) {
        // Malformed evidence is never a pass.
        plan.gates.push({ id: 'scan', title: 'Scan evidence', status: 'fail', details: error.message });
    }
    return plan;
}
function versionGates(subject, ctx, required) {
    const gates = [
        { id: 'exists', title: 'Version exists', status: 'pass', details: `${subject.name} found` },
        subject.provisioningState === 'Succeeded'
            ? {
                id: 'provisioning',
                title: 'Provisioning',
                status: 'pass',
                details: 'provisioningState is Succeeded',
            }
            : {
                id: 'provisioning',
                title: 'Provisioning',
                status: 'fail',
                details: `provisioningState is ${subject.provisioningState}, expected Succeeded`,
            },
    ];
    if (subject.endOfLife && subject.endOfLife.getTime() <= ctx.now.getTime()) {
        gates.push({
            id: 'end-of-life',
            title: 'End of life',
            status: 'fail',
            details: `${subject.name} reached its end-of-life date ${subject.endOfLife.toISOString()}`,
        });
    }
    else {
        const details = subject.endOfLife
            ? `end of life ${subject.endOfLife.toISOString()}`
            : 'no end-of-life date';
        gates.push({ id: 'end-of-life', title: 'End of life', status: 'pass', details });
    }
    gates.push(subject.policyViolations
        ? {
            id: 'policy-violation',
            title: 'Policy violation',
            status: 'fail',
            details: `reported for policy violation: ${subject.policyViolations.join('; ') || 'no category given'}`,
        }
        : { id: 'policy-violation', title: 'Policy violation', status: 'pass', details: 'not reported' });
    gates.push(replicationGate(subject, ctx, required));
    return gates;
}
function replicationGate(subject, ctx, required) {
    const problems = [];
    const done = [];
    for (const name of required) {
        const region = subject.regions.find((r) => r.name === name);
        if (!region) {
            problems.push(`${name} is not a target region of ${subject.name}`);
            continue;
        }
        const state = region.replication?.state ?? 'Unknown';
        if (state !== 'Completed') {
            const progress = region.replication?.progress !== undefined ? ` ${region.replication.progress}%` : '';
            const details = region.replication?.details ? ` (${region.replication.details})` : '';
            problems.push(`${region.displayName}: ${state}${progress}${details}`);
        }
        else if (ctx.ring.minReplicas && region.replicas < ctx.ring.minReplicas) {
            problems.push(`${region.displayName}: ${region.replicas} replicas, ring ${ctx.ring.name} needs ${ctx.ring.minReplicas}`);
        }
        else {
            done.push(`${region.displayName} (${region.replicas})`);
        }
    }
    if (problems.length > 0) {
        return { id: 'replication', title: 'Replication', status: 'fail', details: problems.join('; ') };
    }
    if (required.length === 0) {
        return {
            id: 'replication',
            title: 'Replication',
            status: 'fail',
            details: `${subject.name} has no target regions`,
        };
    }
    return {
        id: 'replication',
        title: 'Replication',
        status: 'pass',
        details: `Completed in ${done.join(', ')}`,
    };
}
function promoteWrites(state, ctx, holder) {
    const subject = state.subject;
    const writes = new Map();
    // A version that already holds the ring keeps its record: re-running the same promotion writes nothing.
    if (holder?.name !== subject.name) {
        const tags = promotionTags(ctx.ring.name, ctx.record);
        writes.set(subject.name, { version: subject.name, setTags: tags.set, removeTags: tags.remove });
    }
    return withLatestFlags(writes, state.versions, subject, ctx);
}
function rollbackWrites(state, ctx) {
    const from = state.rollbackFrom;
    const mark = rollbackTags(ctx.ring.name, ctx.record.at);
    const fromWrite = { version: from.name, setTags: mark.set, removeTags: mark.remove };
    const ordered = withLatestFlags(new Map([[from.name, fromWrite]]), state.versions, state.subject, ctx);
    // On the latest ring the rolled-back version is excluded even when it sits below the version restored.
    if (ctx.ring.latest)
        fromWrite.latest ??= { exclude: true, scope: scopeOf(ctx) };
    return ordered;
}
/** Adds the latest-ring flag writes in their safe order; tag writes of the same version share one PATCH. */
function withLatestFlags(tagWrites, versions, holder, ctx) {
    if (!ctx.ring.latest)
        return [...tagWrites.values()];
    const scope = scopeOf(ctx);
    const ordered = [];
    // The holder's own write goes first: its ring record and its inclusion land together.
    const holderWrite = tagWrites.get(holder.name);
    if (holderWrite)
        ordered.push(holderWrite);
    for (const flag of latestFlagChanges(versions, holder, scope)) {
        const write = tagWrites.get(flag.version.name) ?? blankWrite(flag.version.name);
        write.latest = { exclude: flag.exclude, scope };
        if (!ordered.includes(write))
            ordered.push(write);
    }
    for (const write of tagWrites.values())
        if (!ordered.includes(write))
            ordered.push(write);
    return ordered;
}
function blankWrite(version) {
    return { version, setTags: {}, removeTags: [] };
}
function scopeOf(ctx) {
    return ctx.ring.latestRegions;
}
function previousOf(state, ctx, holder) {
    if (holder)
        return holder.name;
    if (!ctx.ring.latest)
        return undefined;
    // No history yet on the latest ring: what `latest` resolved to is what deployments were getting.
    const regions = ctx.ring.latestRegions ?? state.subject.regions.map((r) => r.name);
    const resolved = resolveLatest(state.versions, regions);
    return [...resolved.values()].find((name) => name !== undefined);
}
function toChange(write) {
    const parts = [];
    const recorded = Object.keys(write.setTags);
    if (recorded.length > 0)
        parts.push(`set tags ${recorded.join(', ')}`);
    const removed = write.removeTags;
    if (removed.length > 0 && recorded.length === 0)
        parts.push(`remove tags ${removed.join(', ')}`);
    if (write.latest) {
        const where = write.latest.scope ? `in ${write.latest.scope.join(', ')}` : 'in all regions';
        parts.push(`${write.latest.exclude ? 'exclude from' : 'include in'} latest ${where}`);
    }
    return {
        id: `version:${write.version}`,
        resource: write.version,
        summary: parts.join('; '),
        payload: write,
    };
}
function transitions(state, ctx, writes, holder) {
    const rows = [
        { subject: `ring ${ctx.ring.name}`, before: holder?.name ?? '(none)', after: state.subject.name },
    ];
    if (!ctx.ring.latest)
        return rows;
    const regions = ctx.ring.latestRegions ?? allRegions(state.versions);
    const before = resolveLatest(state.versions, regions);
    const after = resolveLatest(applyFlags(state.versions, writes), regions);
    for (const region of regions) {
        rows.push({
            subject: `latest in ${region}`,
            before: before.get(region) ?? '(none)',
            after: after.get(region) ?? '(none)',
        });
    }
    return rows;
}
/** The versions as they will be once the writes are applied (for before → after tables and verification). */
function applyFlags(versions, writes) {
    return versions.map((version) => {
        const latest = writes.find((w) => w.version === version.name)?.latest;
        if (!latest)
            return version;
        return {
            ...version,
            excludeFromLatest: latest.scope ? version.excludeFromLatest : latest.exclude,
            regions: version.regions.map((r) => !latest.scope || latest.scope.includes(r.name) ? { ...r, excludeFromLatest: latest.exclude } : r),
        };
    });
}

/** The API version @azure/arm-compute 25.1 sends for gallery image versions: reads and writes speak the same. */
const GALLERY_API_VERSION = '2025-12-03';
/** A version's ARM path with each name encoded, as the SDK sends it (for the writes sent through runLro). */
function versionPath(s, name) {
    const e = encodeURIComponent;
    return (`/subscriptions/${e(s.subscriptionId)}/resourceGroups/${e(s.resourceGroup)}/providers/Microsoft.Compute` +
        `/galleries/${e(s.gallery)}/images/${e(s.imageDefinition)}/versions/${e(name)}?api-version=${GALLERY_API_VERSION}`);
}
/** How long the read that settles an uncertain write may take, even after the deadline passed. */
const CONFIRM_MS = 15_000;
class GalleryTarget {
    request;
    options;
    ref;
    api;
    path;
    /** Versions as observe() read them: later writes re-read and refuse if another run changed them since. */
    observed = new Map();
    /** Set once a PATCH went out: from then on time has passed since observe, so writes re-read first. */
    wrote = false;
    constructor(client, request, options) {
        this.request = request;
        this.options = options;
        const s = request.settings;
        this.api = client.galleryImageVersions;
        this.path = [s.resourceGroup, s.gallery, s.imageDefinition];
        const definitionId = `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}` +
            `/providers/Microsoft.Compute/galleries/${s.gallery}/images/${s.imageDefinition}`;
        this.ref = {
            kind: 'gallery',
            key: definitionId.toLowerCase(),
            display: `${s.gallery}/${s.imageDefinition}`,
        };
    }
    versionId(name) {
        const s = this.request.settings;
        return (`/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute` +
            `/galleries/${s.gallery}/images/${s.imageDefinition}/versions/${name}`);
    }
    async observe() {
        const state = await this.read();
        this.observed = new Map(state.versions.map((v) => [v.name, v]));
        if (state.subject)
            this.observed.set(state.subject.name, state.subject);
        return state;
    }
    async read() {
        const { version, operation, ring } = this.request;
        // An exact version can be read in parallel with the list; everything else needs the list first.
        if (version.kind === 'exact' && operation === 'promote') {
            const [versions, subject] = await Promise.all([this.listVersions(), this.getVersion(version.value)]);
            return subject
                ? { versions, subject, notes: [] }
                : { versions, notes: [], missing: this.notFound(version.value) };
        }
        const versions = await this.listVersions();
        if (operation === 'rollback')
            return this.observeRollback(versions, ring.name);
        return this.observeRange(versions, version.kind === 'range' ? version.value : '*', ring.name);
    }
    async observeRange(versions, range, ring) {
        // A version rolled back from this ring is only promoted again when named exactly, never through a range.
        const candidates = versions
            .filter((v) => semver.satisfies(v.name, range) && !v.tags[tagKey(ring, 'rolledback')])
            .sort(compareVersions);
        const pick = candidates.at(-1);
        if (!pick) {
            return { versions, notes: [], missing: `no version of ${this.ref.display} matches '${range}'` };
        }
        const subject = await this.getVersion(pick.name);
        const notes = [`version range '${range}' resolved to ${pick.name}`];
        return subject ? { versions, subject, notes } : { versions, notes, missing: this.notFound(pick.name) };
    }
    async observeRollback(versions, ring) {
        const [current, previous] = ringHistory(versions, ring);
        const asked = this.request.version;
        if (!current)
            return { versions, notes: [], missing: `ring ${ring} holds no version of ${this.ref.display}` };
        if (asked.kind === 'exact' && asked.value !== current.version.name) {
            return {
                versions,
                notes: [],
                missing: `ring ${ring} holds ${current.version.name}, not ${asked.value}; nothing was rolled back`,
            };
        }
        if (!previous) {
            return {
                versions,
                notes: [],
                rollbackFrom: current.version,
                missing: `ring ${ring} has no earlier version to return to (it only ever held ${current.version.name})`,
            };
        }
        const subject = await this.getVersion(previous.version.name);
        const notes = [`rolling ${ring} back from ${current.version.name} to ${previous.version.name}`];
        return subject
            ? { versions, subject, rollbackFrom: current.version, notes }
            : { versions, notes, missing: this.notFound(previous.version.name) };
    }
    plan(state, ctx) {
        return planGallery(state, ctx, this.ref, (name) => this.versionId(name));
    }
    /**
     * Builds the PATCH from the freshest read of the version: tag edits merge with what is there and a write that
     * is already in effect is skipped (patchFor returns nothing), so a re-run repeats nothing. Refuses when another
     * run changed this ring's record or the latest flags of the version since observe.
     */
    async apply(change) {
        const write = change.payload;
        const step = `Updating version ${write.version}`;
        const current = await this.current(write.version);
        const patch = patchFor(current, write);
        if (!patch)
            return;
        const before = this.observed.get(write.version);
        const drift = before && before !== current ? driftOf(before, current, this.request.ring.name) : undefined;
        if (drift) {
            throw new StepError(step, 'Conflict', `${drift} changed since this run read it (another promotion of ${this.ref.display}?); nothing was written to it; re-run to re-plan`);
        }
        if (current.provisioningState === 'Updating') {
            throw new StepError(step, 'OperationNotAllowed', 'another operation on this version is still running; re-run when it has finished');
        }
        this.wrote = true;
        try {
            // Done when the operation reports Succeeded: no GET of the version afterwards, verify() re-lists anyway.
            await runLro(this.options.arm, { method: 'PATCH', path: versionPath(this.request.settings, write.version), body: wireUpdate(patch) }, { step, abortSignal: this.options.deadline?.signal });
        }
        catch (error) {
            throw error instanceof StepError ? error : this.armError(step, error);
        }
    }
    /**
     * The version as a write should see it. Gallery resources have no ETag, so a write cannot be made conditional;
     * re-reading only narrows the window for a lost update, and only when time has passed since the last read:
     * before the first write, observe's read is a moment old, so it is used as is; every later write follows a
     * long-running operation and re-reads (without `$expand`: the PATCH needs tags and flags, not replication).
     */
    async current(name) {
        const observed = this.observed.get(name);
        const version = !this.wrote && observed ? observed : await this.getVersion(name, false);
        if (!version)
            throw new StepError(`Reading version ${name}`, 'NotFound', this.notFound(name));
        return version;
    }
    /**
     * After a failed write: did it land anyway (a response lost after Azure applied it)? One read with its own
     * short limit, so it also works after the deadline passed.
     */
    async check(change) {
        const write = change.payload;
        const [rg, gallery, image] = this.path;
        const version = fromArm(await this.api.get(rg, gallery, image, write.version, {
            expand: 'ReplicationStatus',
            abortSignal: AbortSignal.timeout(CONFIRM_MS),
        }));
        if (!patchFor(version, write))
            return 'applied';
        if (version.provisioningState === 'Updating')
            return 'in-progress';
        return 'not-applied';
    }
    async verify(plan) {
        const versions = await this.listVersions();
        const ring = this.request.ring;
        const holder = ringHistory(versions, ring.name)[0]?.version.name;
        const gates = [
            holder === plan.version
                ? {
                    id: 'verify-ring',
                    title: 'Ring record',
                    status: 'pass',
                    details: `${ring.name} holds ${plan.version}`,
                }
                : {
                    id: 'verify-ring',
                    title: 'Ring record',
                    status: 'fail',
                    details: `${ring.name} holds ${holder ?? 'nothing'} after the writes, expected ${plan.version}`,
                },
        ];
        if (!ring.latest)
            return gates;
        const subject = versions.find((v) => v.name === plan.version);
        const regions = (ring.latestRegions ?? subject?.regions.map((r) => r.name) ?? []).filter((r) => subject?.regions.some((s) => s.name === r));
        const latest = resolveLatest(versions, regions);
        const wrong = regions.filter((r) => latest.get(r) !== plan.version);
        gates.push(wrong.length === 0
            ? {
                id: 'verify-latest',
                title: 'Latest',
                status: 'pass',
                details: `latest is ${plan.version} in ${regions.join(', ')}`,
            }
            : {
                id: 'verify-latest',
                title: 'Latest',
                status: 'fail',
                details: wrong
                    .map((r) => `latest in ${r} is ${latest.get(r) ?? 'nothing'}, expected ${plan.version}`)
                    .join('; '),
            });
        return gates;
    }
    async listVersions() {
        const [rg, gallery, image] = this.path;
        const versions = [];
        try {
            const abortSignal = this.options.deadline?.signal;
            for await (const version of this.api.listByGalleryImage(rg, gallery, image, { abortSignal }))
                versions.push(fromArm(version));
        }
        catch (error) {
            if (statusOf(error) === 404 && !this.options.deadline?.expired) {
                const s = this.request.settings;
                throw new StepError('Listing image versions', codeOf(error), `image definition '${s.imageDefinition}' was not found in gallery '${s.gallery}' (resource group '${s.resourceGroup}')`);
            }
            throw this.armError('Listing image versions', error);
        }
        return versions;
    }
    /** One version; with `$expand=ReplicationStatus` only where replication is judged (observe). */
    async getVersion(name, replication = true) {
        const [rg, gallery, image] = this.path;
        try {
            return fromArm(await this.api.get(rg, gallery, image, name, {
                ...(replication ? { expand: 'ReplicationStatus' } : {}),
                abortSignal: this.options.deadline?.signal,
            }));
        }
        catch (error) {
            if (statusOf(error) === 404)
                return undefined;
            throw this.armError(`Reading version ${name}`, error);
        }
    }
    armError(step, error) {
        return this.options.deadline?.timedOut(step) ?? armError(step, error);
    }
    notFound(version) {
        const s = this.request.settings;
        return `version ${version} was not found in image definition '${s.imageDefinition}' of gallery '${s.gallery}'`;
    }
}
/** The PATCH body for one write, or undefined when the version already looks like that (idempotent re-runs). */
function patchFor(current, write) {
    const tags = { ...current.tags, ...write.setTags };
    for (const key of write.removeTags)
        delete tags[key];
    const tagsChanged = JSON.stringify(sorted(tags)) !== JSON.stringify(sorted(current.tags));
    let flagsChanged = false;
    const publishingProfile = {};
    if (write.latest) {
        const { exclude, scope } = write.latest;
        // targetRegions is replaced as a whole list: send every region back as read, with only the flag changed.
        const targetRegions = current.targetRegions.map((region) => {
            const inScope = !scope || scope.includes(normaliseRegion(region.name));
            if (!inScope || region.excludeFromLatest === exclude)
                return region;
            flagsChanged = true;
            return { ...region, excludeFromLatest: exclude };
        });
        if (flagsChanged)
            publishingProfile.targetRegions = targetRegions;
        if (!scope && current.excludeFromLatest !== exclude) {
            flagsChanged = true;
            publishingProfile.excludeFromLatest = exclude;
        }
    }
    if (!tagsChanged && !flagsChanged)
        return undefined;
    return { ...(tagsChanged ? { tags } : {}), ...(flagsChanged ? { publishingProfile } : {}) };
}
/**
 * The PATCH body as ARM takes it: the SDK model keeps the publishing profile at the top level, the wire format
 * nests it under `properties` (the target regions travel as read, so encryption and storage settings stay).
 */
function wireUpdate(patch) {
    const profile = patch.publishingProfile;
    return {
        ...(patch.tags ? { tags: patch.tags } : {}),
        ...(profile
            ? {
                properties: {
                    publishingProfile: {
                        ...profile,
                        ...(profile.endOfLifeDate ? { endOfLifeDate: profile.endOfLifeDate.toISOString() } : {}),
                    },
                },
            }
            : {}),
    };
}
function sorted(tags) {
    return Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
}
function statusOf(error) {
    return error.statusCode;
}
function codeOf(error) {
    return error.code;
}
/** Azure's error code and message, without the request details (they can carry headers). */
function armError(step, error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const name = error?.name;
    if (name === 'AuthenticationError' ||
        name === 'CredentialUnavailableError' ||
        name === 'AggregateAuthenticationError')
        return new StepError(`${step} (getting an Azure token)`, codeOf(error) ?? name, message);
    const code = codeOf(error) ?? (statusOf(error) ? `HTTP ${statusOf(error)}` : undefined);
    return new StepError(step, code, message);
}
/**
 * What changed on a version between observe and the re-read just before writing it, considering only what
 * this run could overwrite: this ring's record tags and the latest flags. undefined = nothing.
 */
function driftOf(before, now, ring) {
    const prefix = `ring.${ring}.`;
    const ringTags = (v) => JSON.stringify(sorted(Object.fromEntries(Object.entries(v.tags).filter(([k]) => k.startsWith(prefix)))));
    if (ringTags(before) !== ringTags(now))
        return `its ${prefix}* record tags`;
    const flags = (v) => JSON.stringify([v.excludeFromLatest, v.regions.map((r) => [r.name, r.excludeFromLatest ?? null])]);
    if (flags(before) !== flags(now))
        return 'its excludeFromLatest flags';
    return undefined;
}

export { GalleryTarget as G, resolveLatest as a, allRegions as b, compareVersions as c, runLro as d, armError as e, fromArm as f, createRestError as g, getClient as h, needsFlag as n, operationOptionsToRequestParameters as o, patchFor as p, ringHistory as r, versionPath as v, wireUpdate as w };
