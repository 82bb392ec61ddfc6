using System.Text;
using System.Text.Json;

namespace Asobi.Bench;

/// <summary>
/// What one load process does: open <see cref="Sockets"/> sockets (spread over <see cref="Urls"/>), authenticate,
/// then obey commands on stdin. The Colyseus load script reads the same JSON. <c>Mode</c> is <c>idle</c>, <c>echo</c>,
/// <c>member</c> (fan-out receiver) or <c>sender</c>; <c>Room</c> is the Colyseus room type or the Asobi chat channel.
/// </summary>
internal sealed record ClientJob(
    string System,
    string Mode,
    string[] Urls,
    string[] Tokens,
    int Sockets,
    string? LocalAddress,
    string Room,
    int ConnectConcurrency = 64)
{
    public string ToBase64() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, Wire.Json));

    public static ClientJob FromBase64(string text) =>
        JsonSerializer.Deserialize<ClientJob>(Encoding.UTF8.GetString(Convert.FromBase64String(text)), Wire.Json)
        ?? throw new FormatException("empty job");
}
