# listen.sh: sourced by the scripts that serve a site on 127.0.0.1 for a
# browser (test_browser_a11y.sh, test_search_browser.sh, bench/audit.sh);
# not a test itself.  port prints a free port; listening PORT waits up to
# ten seconds for a server to accept on it, and fails when none does.
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
listening() {
    python3 -c '
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$1"
}
