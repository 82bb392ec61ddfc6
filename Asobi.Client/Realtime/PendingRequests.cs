using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Asobi.Client.Realtime;

/// <summary>
/// Requests waiting for their reply, by <c>cid</c>. Each fails on its own timer; requests already written to a
/// connection that ends fail with <c>client.connection_lost</c> (the server may or may not have acted on them),
/// while those still queued go out on the next connection.
/// </summary>
internal sealed class PendingRequests
{
    private readonly object gate = new();
    private readonly Dictionary<string, Request> byCid = new(StringComparer.Ordinal);
    private long next;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return byCid.Count;
            }
        }
    }

    /// <summary>Registers a request; <paramref name="surfaceReply"/> also hands its reply to the push handlers.</summary>
    public Request Add(string type, TimeSpan timeout, bool surfaceReply = false)
    {
        var cid = "c" + Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        var request = new Request(cid, type, surfaceReply);
        lock (gate)
        {
            byCid[cid] = request;
        }

        if (timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            request.Timer = new Timer(
                _ => Fail(cid, new AsobiSocketException("client.timeout", $"no reply to {type} within {timeout.TotalSeconds:0.#} s")),
                null, timeout, Timeout.InfiniteTimeSpan);
        }

        return request;
    }

    public bool TryGet(string cid, out Request request)
    {
        lock (gate)
        {
            return byCid.TryGetValue(cid, out request!);
        }
    }

    public void Complete(string cid, JsonElement payload)
    {
        if (Remove(cid) is { } request)
        {
            request.Completion.TrySetResult(payload);
        }
    }

    public void Fail(string cid, Exception error)
    {
        if (Remove(cid) is { } request)
        {
            request.Completion.TrySetException(error);
        }
    }

    /// <summary>Fails every request written to the connection that just ended, except those kept for a migration.</summary>
    public void FailWritten(Func<Request, bool> keep, Func<Exception> error)
    {
        List<Request> failed = [];
        lock (gate)
        {
            foreach (var request in byCid.Values)
            {
                if (request.Written && !keep(request))
                {
                    failed.Add(request);
                }
            }

            foreach (var request in failed)
            {
                byCid.Remove(request.Cid);
            }
        }

        foreach (var request in failed)
        {
            request.Timer?.Dispose();
            request.Completion.TrySetException(error());
        }
    }

    public void FailAll(Func<Exception> error)
    {
        FailWritten(_ => false, error);
        List<Request> rest;
        lock (gate)
        {
            rest = [.. byCid.Values];
            byCid.Clear();
        }

        foreach (var request in rest)
        {
            request.Timer?.Dispose();
            request.Completion.TrySetException(error());
        }
    }

    private Request? Remove(string cid)
    {
        Request? request;
        lock (gate)
        {
            if (!byCid.TryGetValue(cid, out request))
            {
                return null;
            }

            byCid.Remove(cid);
        }

        request.Timer?.Dispose();
        return request;
    }

    internal sealed class Request(string cid, string type, bool surfaceReply)
    {
        public string Cid => cid;

        public string Type => type;

        public bool SurfaceReply => surfaceReply;

        /// <summary>Set once the frame is on a connection; cleared when a migration carries it to the next.</summary>
        public volatile bool Written;

        public Timer? Timer { get; set; }

        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
