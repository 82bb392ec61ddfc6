using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET matches</c>.</summary>
public sealed record MatchRecordList(IReadOnlyList<MatchRecord> Matches);
