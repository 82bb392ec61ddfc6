using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A key/value object; <c>Read</c>/<c>Write</c> are <c>owner</c> or <c>public</c>.</summary>
public sealed record StorageObject(string Collection, string Key, Guid OwnerId, JsonElement Value, long Version, string Read, string Write, DateTimeOffset UpdatedAt);
