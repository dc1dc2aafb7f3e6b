using Berth.Api.Console;
using Berth.Api.Tls;
using Berth.Engine.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Agents;

/// <summary>
/// Where a machine with a join token becomes a node, as k3s's <c>/cacerts</c> and node-join do:
/// it first reads the server's CA (anyone may: it is public) to check it against the hash in its
/// token, and only then, over TLS it now trusts, trades the token's secret for a node credential of
/// its own. A node name that already has a live credential is refused: otherwise anyone holding the
/// join token could take over an existing node, with its pods and their secrets.
/// </summary>
internal static class JoinEndpoints
{
    public static void MapJoinEndpoints(this WebApplication app)
    {
        app.MapGet(JoinRoutes.CaCertificates, (ServerCertificates certificates) => certificates.AuthorityPem is { } pem
            ? Results.Text(pem, "application/x-pem-file")
            : Results.Text("This server's certificate is publicly trusted: it has no CA of its own to give\n", statusCode: StatusCodes.Status404NotFound));

        app.MapPost(JoinRoutes.Join, async (JoinRequest request, HttpContext context, JoinTokenStore joinTokens, NodeCredentialStore credentials) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            const string bearer = "Bearer ";
            var token = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? await joinTokens.VerifyAsync(header[bearer.Length..].Trim(), context.RequestAborted) : null;
            if (token is null)
            {
                return Problems.Unauthorized("a valid join token is required (it may have expired or been revoked)");
            }

            if (request.NodeName is not { } node || !NodeNames.IsValid(node))
            {
                return Problems.Invalid("nodeName", NodeNames.Rule);
            }

            return await credentials.IssueFirstAsync(token.Workspace, node, context.RequestAborted) is { } issued
                ? Results.Created((string?)null, new JoinResponse(issued.Secret, issued.Workspace, issued.NodeName))
                : Problems.Conflict(
                    $"node {node} has joined workspace {token.Workspace} already; to join it again, revoke its credential (DELETE /console/v1/workspaces/{token.Workspace}/nodes/{node}/credentials)");
        });
    }
}
