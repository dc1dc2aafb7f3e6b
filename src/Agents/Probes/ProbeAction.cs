using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Probes;

/// <summary>
/// Runs one probe handler once, as kubelet's prober does. httpGet and tcpSocket dial the port where
/// the node published it (node address and host port), or the container's own address when the
/// port is not published; exec runs the command in the container. Every attempt ends within the
/// probe's timeout: a slow answer is a failure.
/// </summary>
public sealed class ProbeAction(DockerEngine engine, HttpClient http)
{
    public async Task<ProbeResult> RunAsync(ProbeManifest probe, ContainerManifest container, ContainerInspect running, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            if (probe.Exec is { } exec)
            {
                var result = await engine.ExecAsync(running.Id, exec.Command, deadline.Token);
                return result.ExitCode == 0 ? ProbeResult.Success
                    : ProbeResult.Fail($"Exec probe failed with exit code {result.ExitCode}: {Trim(result.Stdout + result.Stderr)}");
            }

            if (probe.HttpGet is { } get)
            {
                var (host, port) = Target(get.Host, get.Port, container, running);
                var uri = new UriBuilder(get.Scheme.Equals("HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http", host, port, get.Path).Uri;
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.UserAgent.ParseAdd("kube-probe/1.32");
                foreach (var header in get.HttpHeaders ?? [])
                {
                    request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var code = (int)response.StatusCode;
                return code is >= 200 and < 400 ? ProbeResult.Success : ProbeResult.Fail($"HTTP probe failed with statuscode: {code}");
            }

            if (probe.TcpSocket is { } tcp)
            {
                var (host, port) = Target(tcp.Host, tcp.Port, container, running);
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, deadline.Token);
                return ProbeResult.Success;
            }

            return ProbeResult.Fail("the probe has no handler Berth runs (grpc is not supported yet)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeResult.Fail($"probe timed out after {timeout.TotalSeconds:0}s");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or DockerException or ProbeTargetException)
        {
            return ProbeResult.Fail(e.Message);
        }
    }

    /// <summary>Where a probe of <paramref name="port"/> goes: the published address of a declared port, else the container's own address.</summary>
    private static (string Host, int Port) Target(string? host, JsonElement port, ContainerManifest container, ContainerInspect running)
    {
        var declared = container.Ports ?? [];
        var number = port.ValueKind == JsonValueKind.Number ? port.GetInt32()
            : port.ValueKind == JsonValueKind.String && int.TryParse(port.GetString(), CultureInfo.InvariantCulture, out var parsed) ? parsed
            : declared.FirstOrDefault(p => p.Name == port.GetString())?.ContainerPort
              ?? throw new ProbeTargetException($"no container port named {port}");
        if (host is { Length: > 0 })
        {
            return (host, number);
        }

        var published = declared.FirstOrDefault(p => p.ContainerPort == number) is { } spec
            && running.NetworkSettings.Ports?.GetValueOrDefault(ContainerSpecBuilder.PortKey(spec)) is [var binding, ..]
            && int.TryParse(binding.HostPort, CultureInfo.InvariantCulture, out var hostPort)
                ? (binding.HostIp, hostPort)
                : ((string, int)?)null;
        return published ?? (running.NetworkSettings.IPAddress is { Length: > 0 } ip ? (ip, number) : throw new ProbeTargetException("the container has no address to probe"));
    }

    private static string Trim(string output) => output.Length > 200 ? output[..200] : output.TrimEnd();

    private sealed class ProbeTargetException(string message) : Exception(message);
}
