using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// Debian's nginx as a plain reverse proxy in front of the connector: keep-alive upstream connections, the
/// client's Host passed on (the connector verifies the signature over the authority the client signed), a
/// buffered access log; one worker per core. Runs in the foreground from a scratch prefix.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;

    private NginxProxy(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The process id (for nginx, the master's: its workers are its children).</summary>
    public int ProcessId => _process.Id;

    public static async Task<NginxProxy> StartAsync(Uri upstream, string scratch)
    {
        var port = FreePort();
        var prefix = Path.Combine(scratch, "nginx");
        Directory.CreateDirectory(prefix);
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            worker_processes auto;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log {{prefix}}/access.log combined buffer=64k flush=1s;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              upstream connector {
                server {{upstream.Authority}};
                keepalive 256;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://connector;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                }
              }
            }
            """);
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", prefix, "-c", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start nginx (apt-get install nginx)");
        var address = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(address, "/health/live"));
                return new NginxProxy(process, address);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("nginx did not start listening within 5 s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
