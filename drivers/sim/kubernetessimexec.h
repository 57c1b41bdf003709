#pragma once

#include <functional>
#include <string>
#include <vector>

typedef struct ssl_st SSL;

// The simulator's `exec`: the server side of a WebSocket (RFC 6455) speaking Kubernetes'
// channel.k8s.io subprotocols, and the process it runs. cpp-httplib has no WebSocket server, so the
// sim's request handler answers the upgrade (101) itself, then hands the connection's socket (or its
// TLS session) to runExecSession(), which owns it until the exec ends. Same URL, same port, same TLS
// as the rest of the API, so QWebSocket and `kubectl exec` both reach it.
//
// Channels (first byte of every binary message): 0 stdin, 1 stdout, 2 stderr, 3 the final Status
// (JSON), 4 terminal resize ({"Width":W,"Height":H}); v5 adds 255 (the client closed a stream:
// [255, 0] ends stdin).
namespace nephele::sim::exec {

// "v4.channel.k8s.io" or "v5.channel.k8s.io" (the newest both sides know) from a
// Sec-WebSocket-Protocol header; empty when none fits.
std::string chooseProtocol(const std::string &offered);
// The Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + the RFC's GUID)).
std::string acceptKey(const std::string &key);

struct Session {
    std::vector<std::string> command; // argv, run as the apiserver does (no shell unless asked)
    bool tty = false;                 // a pty (stdout and stderr merged on channel 1), resizable
    bool stdinOpen = false;
    bool stdoutOpen = true;
    bool stderrOpen = true;
    bool v5 = false;
    int fd = -1;                    // the connection's socket
    SSL *ssl = nullptr;             // its TLS session when the API is served over https
    std::function<bool()> stopping; // polled: the simulator is shutting down
};

// Runs the command and pumps frames both ways until it has exited and its output is drained (then
// channel 3 carries its Status and a close frame follows), the client closes, or `stopping`.
void runSession(const Session &session);

// The connected socket in this process whose local port is `localPort` and whose peer port is
// `peerPort` (cpp-httplib does not hand a handler its socket); -1 when none.
int findSocket(int localPort, int peerPort);

} // namespace nephele::sim::exec
