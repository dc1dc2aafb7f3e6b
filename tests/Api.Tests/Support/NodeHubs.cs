using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Berth.Agents.Hub;
using Berth.Engine.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Support;

/// <summary>Bare AgentHub connections with a node credential, to call the hub as an agent (or a misbehaving one) would.</summary>
internal static class NodeHubs
{
    public static HubConnection Build(Uri server, string credential)
    {
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(server, AgentHubRoute.Path)));
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(socket => socket.SetRequestHeader("Authorization", "Bearer " + credential)));
        return builder.Build();
    }

    /// <summary>A connection that has registered <paramref name="node"/> (2 CPUs, address 127.0.0.3) and received its desired state.</summary>
    public static async Task<HubConnection> RegisteredAsync(Uri server, string credential, string node)
    {
        var hub = Build(server, credential);
        await hub.StartAsync();
        await RegisterAsync(hub, node);
        return hub;
    }

    /// <summary>Registers <paramref name="node"/> (2 CPUs, address 127.0.0.3) on an open connection; a refusal is its HubException.</summary>
    public static Task<DesiredState> RegisterAsync(HubConnection hub, string node) =>
        hub.InvokeAsync<DesiredState>(AgentHubMethods.Register, new NodeRegistration(node, "127.0.0.3",
            new Dictionary<string, string> { ["cpu"] = "2" }, new NodeSystemInfo("linux", "amd64", "6", "test", "docker://0", "berth/0"),
            new Dictionary<string, string>(), []));

    /// <summary><c>POST /agent/v1/join</c> with a join token's secret, as <c>berth agent</c> joins.</summary>
    public static async Task<HttpResponseMessage> JoinAsync(Uri server, string secret, string node)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Post, JoinRoutes.Join) { Content = JsonContent.Create(new JoinRequest(node)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
