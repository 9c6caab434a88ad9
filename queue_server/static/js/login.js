// Staff login: post credentials to the API, then go to the requested page.
(function () {
  var form = document.getElementById("login-form");
  var errorBox = document.getElementById("login-error");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: form.login.value, password: form.password.value }),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) { window.location.assign(form.dataset.next); return; }
      errorBox.textContent = result.body.error ? result.body.error.message : "Не удалось войти.";
      errorBox.hidden = false;
    }).catch(function () {
      errorBox.textContent = "Нет связи с сервером. Повторите попытку.";
      errorBox.hidden = false;
    });
  });
})();
