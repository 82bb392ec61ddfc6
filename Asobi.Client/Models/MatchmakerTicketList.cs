using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The caller's pending tickets.</summary>
public sealed record MatchmakerTicketList(IReadOnlyList<MatchmakerTicketDetails> Tickets);
