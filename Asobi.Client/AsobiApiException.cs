using System;
using System.Net;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A REST call the server refused: its HTTP status and the error code from the body (<c>{"error":{code, message, details}}</c>).</summary>
public sealed class AsobiApiException : Exception
{
    public AsobiApiException(HttpStatusCode status, string code, string message, JsonElement details = default, TimeSpan? retryAfter = null)
        : base($"{(int)status} {code}: {message}")
    {
        Status = status;
        Code = code;
        ServerMessage = message;
        Details = details;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    /// <summary>The server's error code, e.g. <c>auth.username_taken</c>, <c>validation_failed</c>.</summary>
    public string Code { get; }

    public string ServerMessage { get; }

    /// <summary>The error's <c>details</c> object (e.g. which field failed validation); undefined when absent.</summary>
    public JsonElement Details { get; }

    /// <summary>The <c>Retry-After</c> of a 429, when the server sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
