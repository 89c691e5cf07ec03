package okta

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// pageUsers is the largest page of users Okta serves.
const pageUsers = 200

// omitCredentials asks Okta to leave credentials out of user objects: smaller
// pages, and nothing sensitive in memory.
const omitCredentials = "application/json; okta-response=omitCredentials,omitCredentialsLinks"

// User is an Okta user with every profile attribute rendered as a string
// (numbers and booleans in their JSON form, arrays and objects as compact JSON).
type User struct {
	ID              string
	Status          string
	Created         time.Time
	Activated       time.Time
	StatusChanged   time.Time
	LastLogin       time.Time
	LastUpdated     time.Time
	PasswordChanged time.Time
	TypeID          string
	Profile         map[string]string
}

// Login returns profile.login.
func (u User) Login() string { return u.Profile["login"] }

// Email returns profile.email.
func (u User) Email() string { return u.Profile["email"] }

// Factor is an enrolled factor. Profile and VendorName are dropped by the SDK's
// models, which is why factors are decoded into this struct.
type Factor struct {
	ID          string
	UserID      string
	FactorType  string
	Provider    string
	VendorName  string
	Status      string
	Created     time.Time
	LastUpdated time.Time
	Profile     map[string]string
}

// UserQuery selects users. At most one of Search, Filter and Q is set. With none
// set, Okta omits DEPROVISIONED users; a Search includes them.
type UserQuery struct {
	Search string
	Filter string
	Q      string
}

type wireUser struct {
	ID              string      `json:"id"`
	Status          string      `json:"status"`
	Created         wireTime    `json:"created"`
	Activated       wireTime    `json:"activated"`
	StatusChanged   wireTime    `json:"statusChanged"`
	LastLogin       wireTime    `json:"lastLogin"`
	LastUpdated     wireTime    `json:"lastUpdated"`
	PasswordChanged wireTime    `json:"passwordChanged"`
	Type            *wireRef    `json:"type"`
	Profile         wireProfile `json:"profile"`
}

func (w wireUser) model() User {
	u := User{
		ID:              w.ID,
		Status:          w.Status,
		Created:         w.Created.utc(),
		Activated:       w.Activated.utc(),
		StatusChanged:   w.StatusChanged.utc(),
		LastLogin:       w.LastLogin.utc(),
		LastUpdated:     w.LastUpdated.utc(),
		PasswordChanged: w.PasswordChanged.utc(),
		Profile:         w.Profile.flatten(),
	}
	if w.Type != nil {
		u.TypeID = w.Type.ID
	}
	return u
}

type wireFactor struct {
	ID          string      `json:"id"`
	FactorType  string      `json:"factorType"`
	Provider    string      `json:"provider"`
	VendorName  string      `json:"vendorName"`
	Status      string      `json:"status"`
	Created     wireTime    `json:"created"`
	LastUpdated wireTime    `json:"lastUpdated"`
	Profile     wireProfile `json:"profile"`
}

func (w wireFactor) model(userID string) Factor {
	return Factor{
		ID: w.ID, UserID: userID, FactorType: w.FactorType, Provider: w.Provider,
		VendorName: w.VendorName, Status: w.Status,
		Created: w.Created.utc(), LastUpdated: w.LastUpdated.utc(),
		Profile: w.Profile.flatten(),
	}
}

// ListUsers lists the users matching q, every page (see EachUserPage).
func (c *Client) ListUsers(ctx context.Context, q UserQuery) ([]User, error) {
	var out []User
	err := c.EachUserPage(ctx, q, func(page []User) error {
		out = append(out, page...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EachUserPage lists users like ListUsers but hands each page to page as it
// arrives, so a caller can start per-user work (the factor lists) while the
// cursor is still being walked. An error from page stops the listing and is
// returned.
func (c *Client) EachUserPage(ctx context.Context, q UserQuery, page func([]User) error) error {
	target := withQuery("/api/v1/users", limitQuery(pageUsers, "search", q.Search, "filter", q.Filter, "q", q.Q))
	var pageErr error
	err := paginate(ctx, c, target, callOpts{contentType: omitCredentials}, func(ws []wireUser) bool {
		users := make([]User, len(ws))
		for i, w := range ws {
			users[i] = w.model()
		}
		pageErr = page(users)
		return pageErr == nil
	})
	if err != nil {
		return err
	}
	return pageErr
}

// GetUser reads one user by id or login (GET /api/v1/users/{idOrLogin}),
// asking Okta to leave its credentials out.
func (c *Client) GetUser(ctx context.Context, idOrLogin string) (User, error) {
	var w wireUser
	if _, err := c.call(ctx, http.MethodGet, "/api/v1/users/"+escape(idOrLogin), nil, &w, callOpts{contentType: omitCredentials}); err != nil {
		return User{}, err
	}
	return w.model(), nil
}

// ListUserFactors lists a user's enrolled factors (GET
// /api/v1/users/{userId}/factors).
func (c *Client) ListUserFactors(ctx context.Context, userID string) ([]Factor, error) {
	ws, err := listAll[wireFactor](ctx, c, "/api/v1/users/"+escape(userID)+"/factors", callOpts{})
	if err != nil {
		return nil, err
	}
	out := make([]Factor, len(ws))
	for i, w := range ws {
		out[i] = w.model(userID)
	}
	return out, nil
}

// CreateUser creates a user with profile and, when password is not empty, that
// password. activate=false leaves the user STAGED.
func (c *Client) CreateUser(ctx context.Context, profile map[string]any, password string, activate bool) (User, error) {
	body := map[string]any{"profile": profile}
	if password != "" {
		body["credentials"] = map[string]any{"password": map[string]string{"value": password}}
	}
	target := withQuery("/api/v1/users", limitQuery(0, "activate", strconv.FormatBool(activate)))
	var w wireUser
	if _, err := c.call(ctx, http.MethodPost, target, body, &w, callOpts{}); err != nil {
		return User{}, err
	}
	return w.model(), nil
}

// UpdateUserProfile sets the given profile attributes, leaving the others as
// they are (Okta's partial update).
func (c *Client) UpdateUserProfile(ctx context.Context, userID string, profile map[string]any) (User, error) {
	var w wireUser
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/users/"+escape(userID), map[string]any{"profile": profile}, &w, callOpts{}); err != nil {
		return User{}, err
	}
	return w.model(), nil
}

// SetUserPassword sets a user's password as an administrator.
func (c *Client) SetUserPassword(ctx context.Context, userID, password string) error {
	body := map[string]any{"credentials": map[string]any{"password": map[string]string{"value": password}}}
	_, err := c.call(ctx, http.MethodPost, "/api/v1/users/"+escape(userID), body, nil, callOpts{})
	return err
}

// ActivateUser activates a STAGED or DEPROVISIONED user without sending email.
func (c *Client) ActivateUser(ctx context.Context, userID string) error {
	return c.lifecycle(ctx, userID, "activate")
}

// DeactivateUser deprovisions a user without sending email.
func (c *Client) DeactivateUser(ctx context.Context, userID string) error {
	return c.lifecycle(ctx, userID, "deactivate")
}

func (c *Client) lifecycle(ctx context.Context, userID, op string) error {
	target := withQuery("/api/v1/users/"+escape(userID)+"/lifecycle/"+op, limitQuery(0, "sendEmail", "false"))
	_, err := c.call(ctx, http.MethodPost, target, nil, nil, callOpts{})
	return err
}

// DeleteUser deletes a DEPROVISIONED user (Okta deactivates an active user on
// the first DELETE instead; deactivate first).
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	_, err := c.call(ctx, http.MethodDelete, "/api/v1/users/"+escape(userID), nil, nil, callOpts{})
	return err
}
