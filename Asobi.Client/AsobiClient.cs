using System;
using System.Net.Http;
using Asobi.Client.Http;
using Asobi.Client.Realtime;

namespace Asobi.Client;

/// <summary>
/// The entry to an Asobi cluster: typed REST calls under <c>/api/v1</c> and realtime sockets. Point it at the
/// cluster's entry point (the load balancer); sockets move to a match's host node on their own. One client holds one
/// player's session: sign in through <see cref="Accounts"/> (or <see cref="Session"/> a stored one), and every call
/// and socket uses it, refreshed when the access token expires.
/// </summary>
public sealed class AsobiClient : IDisposable
{
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly SessionKeeper sessions = new();

    /// <param name="serverUrl">The cluster's HTTP(S) address, e.g. <c>https://play.example.com</c>.</param>
    /// <param name="http">An HttpClient to use (its lifetime stays the caller's); one is created when null.</param>
    public AsobiClient(Uri serverUrl, HttpClient? http = null)
    {
        if (serverUrl is null)
        {
            throw new ArgumentNullException(nameof(serverUrl));
        }

        if (serverUrl.Scheme != Uri.UriSchemeHttp && serverUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("The server address must be http or https.", nameof(serverUrl));
        }

        ServerUrl = serverUrl;
        ownsHttp = http is null;
        this.http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var rest = new RestTransport(this.http, serverUrl, sessions);
        Accounts = new AccountsApi(rest, sessions);
        sessions.Refresher = Accounts.ExchangeAsync;
        Players = new PlayersApi(rest);
        Friends = new FriendsApi(rest);
        Groups = new GroupsApi(rest);
        Chat = new ChatApi(rest);
        Notifications = new NotificationsApi(rest);
        Matchmaker = new MatchmakerApi(rest);
        Matches = new MatchesApi(rest);
        Leaderboards = new LeaderboardsApi(rest);
        Tournaments = new TournamentsApi(rest);
        Economy = new EconomyApi(rest);
        Storage = new StorageApi(rest);
        Cluster = new ClusterApi(rest);
    }

    public Uri ServerUrl { get; }

    /// <summary>The WebSocket address sockets open first: the server address with <c>ws(s)</c> and <c>/ws</c>.</summary>
    public Uri SocketUrl => new UriBuilder(ServerUrl)
    {
        Scheme = ServerUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        Path = ServerUrl.AbsolutePath.TrimEnd('/') + "/ws",
    }.Uri;

    /// <summary>The signed-in session (null before signing in); set a stored one to resume without signing in.</summary>
    public AsobiSession? Session
    {
        get => sessions.Current;
        set => sessions.Set(value);
    }

    /// <summary>Raised whenever the session changes: sign-in, refresh (store the new refresh token), logout.</summary>
    public event Action<AsobiSession?>? SessionChanged
    {
        add => sessions.Changed += value;
        remove => sessions.Changed -= value;
    }

    public AccountsApi Accounts { get; }

    public PlayersApi Players { get; }

    public FriendsApi Friends { get; }

    public GroupsApi Groups { get; }

    public ChatApi Chat { get; }

    public NotificationsApi Notifications { get; }

    public MatchmakerApi Matchmaker { get; }

    public MatchesApi Matches { get; }

    public LeaderboardsApi Leaderboards { get; }

    public TournamentsApi Tournaments { get; }

    public EconomyApi Economy { get; }

    public StorageApi Storage { get; }

    public ClusterApi Cluster { get; }

    /// <summary>A realtime socket for this client's session; call <see cref="AsobiSocket.ConnectAsync"/> on it.</summary>
    public AsobiSocket CreateSocket(AsobiSocketOptions? options = null) => new(SocketUrl, sessions, options);

    public void Dispose()
    {
        sessions.Dispose();
        if (ownsHttp)
        {
            http.Dispose();
        }
    }
}
