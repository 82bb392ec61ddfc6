using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET notifications</c>.</summary>
public sealed record NotificationList(IReadOnlyList<Notification> Notifications);
