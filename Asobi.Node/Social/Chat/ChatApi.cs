using Asobi.Node.Http;
using static Asobi.Node.Social.SocialHttp;

namespace Asobi.Node.Social.Chat;

/// <summary>Chat history and DMs over REST.</summary>
public static class ChatApi
{
    // GET  chat/{channel_id}/history?limit&before   members only, newest first
    // POST dm {recipient_id, content}               same rules as dm.send
    // GET  dm/{player_id}/history?limit&before
    public static RouteGroupBuilder MapChatApi(this RouteGroupBuilder api)
    {
        api.MapGet("/chat/{channelId}/history", ChannelHistoryAsync).RequireAuthorization();
        api.MapPost("/dm", SendDmAsync).RequireAuthorization();
        api.MapGet("/dm/{playerId}/history", DmHistoryAsync).RequireAuthorization();
        return api;
    }

    private static async Task<IResult> ChannelHistoryAsync(string channelId, int? limit, string? before, HttpContext http, ChatService chat, CancellationToken ct)
    {
        if (!ChatChannel.TryParse(channelId, out var channel))
        {
            return Error(SocialErrors.InvalidChannel);
        }

        return await HistoryAsync(http, chat, channel, limit, before, ct);
    }

    private static async Task<IResult> DmHistoryAsync(string playerId, int? limit, string? before, HttpContext http, ChatService chat, CancellationToken ct)
    {
        var me = Caller(http);
        if (!Guid.TryParse(playerId, out var other) || other == me)
        {
            return Error(SocialErrors.DmRecipientNotFound.WithMessage("player_id must be another player's id."));
        }

        return await HistoryAsync(http, chat, ChatChannel.Dm(me, other), limit, before, ct);
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, ChatService chat, ChatChannel channel, int? limit, string? before, CancellationToken ct)
    {
        long? cursor = null;
        if (before is not null)
        {
            if (!long.TryParse(before, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return Error(SocialErrors.Invalid.WithMessage("before must be a message_id."));
            }

            cursor = b;
        }

        var result = await chat.HistoryAsync(Caller(http), channel, cursor, limit, ct);
        if (result.Error is { } error)
        {
            return Error(error);
        }

        var messages = result.Value!.Select(ChatService.View).ToList();
        // The oldest id of the page is the next page's cursor; an empty page ends the history.
        return Json(new HistoryView(channel.Id, messages, messages.Count == 0 ? null : messages[^1].MessageId));
    }

    private static async Task<IResult> SendDmAsync(HttpContext http, ChatService chat, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<DmRequest>(http.Request, ct);
        if (bad is not null)
        {
            return bad;
        }

        if (body!.RecipientId is not { } recipient)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["recipient_id"] = "Required: a player id." });
        }

        var result = await chat.SendDmAsync(Caller(http), recipient, body.Content, ct);
        return result.Error is { } error ? Error(error) : Json(ChatService.View(result.Value!), StatusCodes.Status201Created);
    }

    private sealed record DmRequest(Guid? RecipientId, string? Content);

    private sealed record HistoryView(string ChannelId, IReadOnlyList<MessageView> Messages, string? NextBefore);
}
