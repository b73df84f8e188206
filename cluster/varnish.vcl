vcl 4.1;

# The CDN's stand-in for make cluster-test (cluster/harness.py fills in the addresses). It does what
# Fastly or Cloudflare do with the site's answers: caches what Cache-Control calls public (s-maxage
# first), never what says private or no-store or sets a cookie, and purges by tag. The site names the
# tags of every page in Surrogate-Key (Fastly), Cache-Tag (Cloudflare) or xkey; all are read.

import xkey;

backend balancer {
    .host = "@LB_HOST@";
    .port = "80";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

acl purgers {
    "@SUBNET@.0"/24;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Soft purge: the object is stale at once but may still be served while a fresh one is fetched.
        if (req.http.xkey-softpurge) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } elsif (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey) {
            set req.http.n-gone = xkey.purge(req.http.xkey);
        } elsif (req.http.Surrogate-Key && req.http.Fastly-Soft-Purge == "1") {
            set req.http.n-gone = xkey.softpurge(req.http.Surrogate-Key);
        } elsif (req.http.Surrogate-Key) {
            set req.http.n-gone = xkey.purge(req.http.Surrogate-Key);
        } elsif (req.http.Cache-Tag) {
            set req.http.n-gone = xkey.purge(req.http.Cache-Tag);
        } else {
            return (purge);
        }
        return (synth(200, "Purged " + req.http.n-gone));
    }
    # Only the cookies that change a page matter to a cache (a signed-in session, a message waiting, the
    # just-wrote cookie that sends a visitor past every cache after a write). Others, like the CSRF cookie,
    # are dropped from GETs so that a visitor who once opened a form still gets cached pages.
    if ((req.method == "GET" || req.method == "HEAD") && req.http.Cookie !~ "(^|;\s*)(sessionid|messages|ef_wrote)=") {
        unset req.http.Cookie;
    }
}

sub vcl_backend_response {
    if (!beresp.http.xkey) {
        if (beresp.http.Surrogate-Key) {
            set beresp.http.xkey = beresp.http.Surrogate-Key;
        } elsif (beresp.http.Cache-Tag) {
            set beresp.http.xkey = regsuball(beresp.http.Cache-Tag, ",", " ");
        }
    }
    # Only what the site says a shared cache may keep.
    if (beresp.http.Cache-Control !~ "(?i)(public|s-maxage)" || beresp.http.Cache-Control ~ "(?i)(private|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
}
