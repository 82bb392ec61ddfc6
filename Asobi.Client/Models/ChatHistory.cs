using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>One page of a channel's history, newest first; pass <c>NextBefore</c> back to read older messages.</summary>
public sealed record ChatHistory(string ChannelId, IReadOnlyList<ChatMessage> Messages, string? NextBefore);
