package auth

// Channels of a LoginWatch: which door a failed or refused attempt knocked at.
const (
	ChannelOfficer = "officer"      // officers' username and password
	ChannelCitizen = "citizen"      // citizens' VNeID accounts
	ChannelClient  = "oauth_client" // agencies' OAuth clients at the token endpoint
	ChannelAgency  = "agency"       // an agency's calls beyond its rate limit
)

// LoginWatch is told of every failed login and every attempt a limiter
// refuses, so operators can count them (internal/opsmetrics). It learns
// the channel only, never who tried or from where.
type LoginWatch interface {
	LoginFailed(channel string)
	Refused(channel string)
}

// NoWatch counts nothing: the default of every service.
type NoWatch struct{}

func (NoWatch) LoginFailed(string) {}
func (NoWatch) Refused(string)     {}

// WatchOrNone is w, or NoWatch when w is nil.
func WatchOrNone(w LoginWatch) LoginWatch {
	if w == nil {
		return NoWatch{}
	}
	return w
}
