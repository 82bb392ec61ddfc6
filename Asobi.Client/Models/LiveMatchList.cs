using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>Running matches, newest first.</summary>
public sealed record LiveMatchList(IReadOnlyList<LiveMatch> Matches);
