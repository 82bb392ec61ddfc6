using System;

namespace Asobi.Client.Realtime;

/// <summary>The socket followed <c>match.migrate</c>: it now holds a connection to the match's host node.</summary>
public sealed record MatchMigration(Guid MatchId, string FromNodeId, string ToNodeId, Uri Url);
