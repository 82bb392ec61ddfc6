namespace Asobi.Node.Realtime;

/// <summary>
/// Runs socket work where it completes instead of handing it to the thread pool: socket completions on the
/// socket engine's threads, and Kestrel's pipe continuations inline. A WebSocket round trip then costs no thread
/// hand-offs: on the capacity bench, 9.0 instead of 11.0 µs of server CPU per echo and 1.16× the round trips, but
/// p99 8 ms instead of 3.4–3.8 ms, so it is off by default. Handler code then runs on those few threads: a handler
/// must never block (ours await all I/O).
/// </summary>
public static class InlineScheduling
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Enable(IWebHostBuilder webHost)
    {
        // Read by the socket engine when the first socket is created, which has not happened yet here.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }

        webHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
    }
}
